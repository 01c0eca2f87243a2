using System.Text.Json;
using DbLogs.Server.Api;

namespace DbLogs.Server.Dcs;

/// <summary>DCS v2 error codes (spec/dcs-v2-logs.md) and its envelope, which always carries <c>error_ext_msg</c>.</summary>
public sealed class DcsFamily : IApiFamily
{
    public static DcsFamily Instance { get; } = new();

    public string Name => "dcs";

    public ApiError NoCredentials { get; } = new(401, "DCS.1003", "No token in the request.");
    public ApiError InvalidToken { get; } = new(401, "DCS.1001", "Invalid token.");
    public ApiError TokenExpired { get; } = new(401, "DCS.1002", "Token expired.");
    public ApiError ProjectMismatch { get; } = new(401, "DCS.1004", "Project ID does not match the token.");
    public ApiError InvalidInstanceId { get; } = new(400, "DCS.4061", "Invalid instance ID format.");
    public ApiError InstanceNotFound { get; } = new(404, "DCS.3022", "This DCS instance does not exist.");
    public ApiError RouteNotFound { get; } = new(404, "DCS.4001", "The requested URL does not exist.");
    public ApiError MethodNotAllowed { get; } = new(405, "DCS.5001", "This request method is not allowed.");
    public ApiError Internal { get; } = new(500, "DCS.5000", "Internal service error.");

    // DCS has no code of its own for this; its internal-error code with 503 tells clients to retry.
    public ApiError StorageFull { get; } = new(503, "DCS.5000", "Internal service error: the log store is full; try again later.");

    public ApiError StoreUnavailable { get; } = new(503, "DCS.5000", "Internal service error: the log store is unreachable; try again later.");

    public static ApiError InvalidLogType { get; } = new(400, "DCS.4800", "Invalid logType.");
    public static ApiError IncorrectNodeId { get; } = new(400, "DCS.3053", "Incorrect node ID.");

    public ApiError InvalidParameter(string name, string? detail = null) =>
        name == "log_type" ? InvalidLogType : new(400, "DCS.4800", $"Invalid {name} in the request.");

    public ApiError OutOfRange(string name) => InvalidParameter(name);

    public ApiError EndBeforeStart(string startName, string endName) => new(400, "DCS.4025", "The end time must be after the start time.");

    public ApiError RequestRejected(int status, string message) => GatewayErrors.RequestRejected(status, message);

    public void WriteBody(Utf8JsonWriter writer, ApiError error)
    {
        writer.WriteStartObject();
        writer.WriteString("error_code", error.Code);
        writer.WriteString("error_msg", error.Message);
        writer.WriteNull("error_ext_msg");
        writer.WriteEndObject();
    }
}
