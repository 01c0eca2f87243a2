using System.Text.Json;
using DbLogs.Server.Api;

namespace DbLogs.Server.Rds;

/// <summary>RDS v3 error codes (spec/rds-v3-logs.md) and its envelope.</summary>
public sealed class RdsFamily : IApiFamily
{
    public static RdsFamily Instance { get; } = new();

    public string Name => "rds";

    public ApiError NoCredentials { get; } = GatewayErrors.AuthenticationFailed("no token or AK/SK signature in the request");
    public ApiError InvalidToken { get; } = GatewayErrors.AuthenticationFailed("invalid token");
    public ApiError TokenExpired { get; } = GatewayErrors.AuthenticationFailed("token expired");
    public ApiError ProjectMismatch { get; } = new(403, "DBS.200010", "The DB instance ID or user ID may be null, or the operation is not authorized.");
    public ApiError InvalidInstanceId { get; } = new(400, "DBS.280404", "Invalid DB instance ID or node ID format.");
    public ApiError InstanceNotFound { get; } = new(404, "DBS.200002", "The DB instance does not exist.");

    // RDS has no code of its own for these; the gateway's are what a client of the real service sees.
    public ApiError RouteNotFound { get; } = new(404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
    public ApiError MethodNotAllowed { get; } = new(405, "APIGW.0101", "The API does not exist or has not been published in the environment.");
    public ApiError Internal { get; } = new(500, "DBS.200005", "Server failure.");
    public ApiError StorageFull { get; } = new(503, "DBS.200005", "Server failure: the log store is full; try again later.");

    public ApiError StoreUnavailable { get; } = new(503, "DBS.200005", "Server failure: the log store is unreachable; try again later.");

    public static ApiError EngineNotSupported { get; } = new(400, "DBS.200040", "The DB engine or version is not supported.");
    public static ApiError OperationInProgress { get; } =
        new(409, "DBS.200011", "Another operation is being performed on the DB instance or the DB instance is faulty.");

    public ApiError InvalidParameter(string name, string? detail = null) =>
        new(400, "DBS.200001", detail is null ? $"Parameter error. Invalid {name}." : $"Parameter error. Invalid {name}: {detail}");

    public ApiError OutOfRange(string name) => new(400, "DBS.200461", $"The parameter value is out of range. ({name})");

    public ApiError EndBeforeStart(string startName, string endName) =>
        InvalidParameter(endName, $"{endName} must be later than {startName}.");

    public ApiError RequestRejected(int status, string message) => GatewayErrors.RequestRejected(status, message);

    public void WriteBody(Utf8JsonWriter writer, ApiError error)
    {
        writer.WriteStartObject();
        writer.WriteString("error_code", error.Code);
        writer.WriteString("error_msg", error.Message);
        writer.WriteEndObject();
    }
}
