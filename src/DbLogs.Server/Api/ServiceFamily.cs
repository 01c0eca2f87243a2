using System.Text.Json;

namespace DbLogs.Server.Api;

/// <summary>Errors of DbLogs' own routes (admin API, health, downloads): the same envelope as RDS, with <c>DBLOGS.</c> codes.</summary>
public sealed class ServiceFamily : IApiFamily
{
    public static ServiceFamily Instance { get; } = new();

    public string Name => "dblogs";

    public ApiError NoCredentials { get; } = new(401, "DBLOGS.401", "Authentication required.");
    public ApiError InvalidToken { get; } = new(401, "DBLOGS.401", "Invalid credentials.");
    public ApiError TokenExpired { get; } = new(401, "DBLOGS.401", "Credentials expired.");
    public ApiError ProjectMismatch { get; } = new(403, "DBLOGS.403", "Not allowed.");
    public ApiError InvalidInstanceId { get; } = new(400, "DBLOGS.400", "Invalid instance id.");
    public ApiError InstanceNotFound { get; } = new(404, "DBLOGS.404", "The instance does not exist.");
    public ApiError RouteNotFound { get; } = new(404, "DBLOGS.404", "The requested URL does not exist.");
    public ApiError MethodNotAllowed { get; } = new(405, "DBLOGS.405", "This request method is not allowed.");
    public ApiError Internal { get; } = new(500, "DBLOGS.500", "Internal error.");
    public ApiError StorageFull { get; } = new(503, "DBLOGS.503", "The data directory is full: writes are refused until space is freed; reads still work.");

    public ApiError StoreUnavailable { get; } = new(503, "DBLOGS.503", "The metadata store is unreachable: nothing was stored; try again later.");

    public static ApiError NotFound(string what) => new(404, "DBLOGS.404", $"{what} does not exist.");

    public static ApiError Conflict(string what) => new(409, "DBLOGS.409", what);

    public ApiError InvalidParameter(string name, string? detail = null) =>
        new(400, "DBLOGS.400", detail is null ? $"Invalid {name}." : $"Invalid {name}: {detail}");

    public ApiError OutOfRange(string name) => InvalidParameter(name, "out of range");

    public ApiError EndBeforeStart(string startName, string endName) => InvalidParameter(endName, $"must be after {startName}");

    public ApiError RequestRejected(int status, string message) =>
        new(status, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DBLOGS.{status}"), message);

    public void WriteBody(Utf8JsonWriter writer, ApiError error)
    {
        writer.WriteStartObject();
        writer.WriteString("error_code", error.Code);
        writer.WriteString("error_msg", error.Message);
        writer.WriteEndObject();
    }
}
