using System.Data.Common;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Hosting;

public static class HealthEndpoints
{
    public sealed record HealthResponse(string Status);

    /// <summary><c>GET /health</c>: 200 when the store answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (IRegistryStore store, CancellationToken ct) =>
        {
            try
            {
                await store.PingAsync(ct);
                return Results.Ok(new HealthResponse("ok"));
            }
            catch (DbException)
            {
                return Results.Json(new HealthResponse("store unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithName("Health").WithTags("Service");
        return routes;
    }
}
