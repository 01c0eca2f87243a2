namespace DbLogs.Server.Api;

/// <summary>
/// The error vocabulary and envelope of one cloud API family. Shared mechanics (authentication, parameter
/// parsing, unknown routes, failures) ask the family for the error instead of knowing codes themselves.
/// </summary>
public interface IApiFamily
{
    string Name { get; }

    ApiError NoCredentials { get; }
    ApiError InvalidToken { get; }
    ApiError TokenExpired { get; }
    ApiError ProjectMismatch { get; }
    ApiError InvalidInstanceId { get; }
    ApiError InstanceNotFound { get; }
    ApiError RouteNotFound { get; }
    ApiError MethodNotAllowed { get; }
    ApiError Internal { get; }

    /// <summary>A write refused because the data directory is full (503; clients retry later).</summary>
    ApiError StorageFull { get; }

    /// <summary>The metadata store (PostgreSQL) cannot be reached right now (503; clients retry later).</summary>
    ApiError StoreUnavailable { get; }

    /// <summary>A parameter that is missing, malformed or not allowed.</summary>
    ApiError InvalidParameter(string name, string? detail = null);

    /// <summary>A well-formed number or count outside its documented range.</summary>
    ApiError OutOfRange(string name);

    /// <summary>The end of a time range that is not after its start.</summary>
    ApiError EndBeforeStart(string startName, string endName);

    /// <summary>A request refused before any route saw it (malformed framing, too large, too slow, too many).</summary>
    ApiError RequestRejected(int status, string message);

    /// <summary>Writes the JSON body of <paramref name="error"/> in this family's envelope.</summary>
    void WriteBody(System.Text.Json.Utf8JsonWriter writer, ApiError error);
}
