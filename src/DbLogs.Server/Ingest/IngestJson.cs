using System.Text.Json;
using DbLogs.Server.Api;

namespace DbLogs.Server.Ingest;

/// <summary>The agent-facing routes' JSON: snake_case, as the agent writes it (DbLogs.Collection's <c>AgentWireJson</c>).</summary>
internal static class IngestJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The request's JSON object as <typeparamref name="T"/>. <c>BodyError</c> is set when the body itself is unusable
    /// (too large, not a JSON object); both are null when the object does not fit <typeparamref name="T"/>.
    /// </summary>
    public static async Task<(T? Value, ApiError? BodyError)> ReadAsync<T>(HttpContext context, int maxBytes)
        where T : class
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context, ServiceFamily.Instance, maxBytes);
        if (error is not null)
        {
            return (null, error);
        }

        try
        {
            return (body.Deserialize<T>(Options), null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
