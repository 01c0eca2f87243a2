using System.Data.Common;
using System.Text.Json.Serialization;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Hosting;

public static class HealthEndpoints
{
    /// <param name="Writes">"refused" while the data directory is full; absent when writes work.</param>
    public sealed record HealthResponse(
        string Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Writes = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Since = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

    /// <summary>
    /// <c>GET /health</c>: 200 when the store answers, 503 otherwise. A full data directory keeps it 200 (reads still
    /// work, and a supervisor restarting the service would not free space) with status <c>disk full</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (IRegistryStore store, StorageCondition storage, CancellationToken ct) =>
        {
            try
            {
                await store.PingAsync(ct);
            }
            catch (DbException)
            {
                return Results.Json(new HealthResponse("store unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return storage.Current is { } full
                ? Results.Ok(new HealthResponse("disk full", "refused", full.Since, full.Error))
                : Results.Ok(new HealthResponse("ok"));
        }).WithName("Health").WithTags("Service").WithSummary("Whether the service and its store answer, and whether writes are refused.");
        return routes;
    }
}
