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
        routes.MapGet("/health", (IRegistryStore store, StorageCondition storage, CancellationToken ct) => StoreHealthAsync("ok", store, storage, ct))
            .WithName("Health").WithTags("Service").WithSummary("Whether the service and its store answer, and whether writes are refused.");

        // Probes for a supervisor or load balancer: live restarts a hung process, ready routes traffic to it.
        routes.MapGet("/health/live", () => Results.Ok(new HealthResponse("live")))
            .WithName("HealthLive").WithTags("Service").WithSummary("200 whenever the process serves requests.");
        routes.MapGet("/health/ready", ReadyAsync)
            .WithName("HealthReady").WithTags("Service").WithSummary("200 once start-up (migrations, bootstrap) is done and the store answers; 503 otherwise.");
        return routes;
    }

    /// <summary>A full data directory stays ready, as <c>/health</c> stays 200: reads work, and writes are refused with 503 themselves.</summary>
    private static Task<IResult> ReadyAsync(StartupState startup, IRegistryStore store, StorageCondition storage, CancellationToken ct) =>
        startup.Done
            ? StoreHealthAsync("ready", store, storage, ct)
            : Task.FromResult(Results.Json(new HealthResponse("starting"), statusCode: StatusCodes.Status503ServiceUnavailable));

    private static async Task<IResult> StoreHealthAsync(string okStatus, IRegistryStore store, StorageCondition storage, CancellationToken ct)
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
            : Results.Ok(new HealthResponse(okStatus));
    }
}
