using System.Text.Json;
using DbLogs.Server.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace DbLogs.Server.Auth.Tokens;

/// <summary>IAM's Keystone-style envelope: <c>{"error":{"code":401,"message":"…","title":"Unauthorized"}}</c>.</summary>
public sealed class IamFamily : IApiFamily
{
    public static IamFamily Instance { get; } = new();

    public static ApiError WrongCredentials { get; } = new(401, "Unauthorized", "The username or password is wrong.");

    public string Name => "iam";

    public ApiError NoCredentials => WrongCredentials;
    public ApiError InvalidToken => WrongCredentials;
    public ApiError TokenExpired => WrongCredentials;
    public ApiError ProjectMismatch { get; } = new(403, "Forbidden", "The request you have made requires authentication.");
    public ApiError InvalidInstanceId => InvalidParameter("instance");
    public ApiError InstanceNotFound { get; } = new(404, "Not Found", "Could not find the resource.");
    public ApiError RouteNotFound => InstanceNotFound;
    public ApiError MethodNotAllowed { get; } = new(405, "Method Not Allowed", "The method is not allowed.");
    public ApiError Internal { get; } = new(500, "Internal Server Error", "An unexpected error prevented the server from fulfilling your request.");
    public ApiError StorageFull { get; } = new(503, "Service Unavailable", "The service cannot store anything now (its disk is full); try again later.");
    public ApiError StoreUnavailable { get; } = new(503, "Service Unavailable", "The service cannot reach its store now; try again later.");

    public ApiError InvalidParameter(string name, string? detail = null) =>
        new(400, "Bad Request", detail is null ? $"Invalid {name}." : $"Invalid {name}: {detail}");

    public ApiError OutOfRange(string name) => InvalidParameter(name);

    public ApiError EndBeforeStart(string startName, string endName) => InvalidParameter(endName);

    public ApiError RequestRejected(int status, string message) => new(status, ReasonPhrases.GetReasonPhrase(status), message);

    public void WriteBody(Utf8JsonWriter writer, ApiError error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", error.Status);
        writer.WriteString("message", error.Message);
        writer.WriteString("title", error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
