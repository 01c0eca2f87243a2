using DbLogs.Core.Ingest;
using DbLogs.Processing.RedisSlowlog;
using DbLogs.Server.Api;

namespace DbLogs.Server.Ingest;

/// <summary>
/// <c>POST /ingest/v1/redis-slowlog</c> (a <see cref="SlowlogBatch"/> as snake_case JSON) and
/// <c>POST /ingest/v1/redis-slowlog/status</c> (<c>{"node","last_error"}</c>), mapped in the agent-key group of the ingest routes.
/// </summary>
public static class RedisSlowlogIngestEndpoints
{
    public const int MaxEntriesPerBatch = 10_000;
    private static readonly ServiceFamily Family = ServiceFamily.Instance;

    public static void MapRedisSlowlogIngest(this RouteGroupBuilder ingestGroup, Func<HttpContext, string> agentInstance)
    {
        ingestGroup.MapPost(IngestRoutes.RedisSlowlog, (HttpContext context, RedisSlowlogIngest ingest) => PostBatch(context, ingest, agentInstance(context)))
            .WithName("IngestRedisSlowlog");
        ingestGroup.MapPost(IngestRoutes.RedisSlowlogStatus, (HttpContext context, RedisSlowlogIngest ingest) => PostStatus(context, ingest, agentInstance(context)))
            .WithName("IngestRedisSlowlogStatus");
    }

    private static async Task<IResult> PostBatch(HttpContext context, RedisSlowlogIngest ingest, string instanceId)
    {
        var (batch, _) = await IngestJson.ReadAsync<SlowlogBatch>(context, IngestEndpoints.MaxBatchBytes);
        if (batch is null || !Valid(batch))
        {
            return Family.Result(Family.InvalidParameter("slowlog batch"));
        }

        return await ingest.StoreAsync(instanceId, batch, context.RequestAborted) is { } stored
            ? TypedResults.Ok(new SlowlogBatchResponse(stored))
            : Family.Result(ServiceFamily.NotFound($"Redis node {batch.Node} of this instance"));
    }

    private static async Task<IResult> PostStatus(HttpContext context, RedisSlowlogIngest ingest, string instanceId)
    {
        var (report, _) = await IngestJson.ReadAsync<SlowlogStatusReport>(context, 16 << 10);
        if (report?.Node is not { Length: > 0 and <= 64 } node || report.LastError?.Length > 4096)
        {
            return Family.Result(Family.InvalidParameter("status report"));
        }

        return await ingest.ReportErrorAsync(instanceId, node, report.LastError, context.RequestAborted)
            ? Results.NoContent()
            : Family.Result(ServiceFamily.NotFound($"Redis node {node} of this instance"));
    }

    private static bool Valid(SlowlogBatch batch) =>
        batch.Node is { Length: > 0 and <= 64 } && batch.RunId is { Length: > 0 and <= 64 } && batch.Entries is { Count: <= MaxEntriesPerBatch }
        && batch.Entries.All(e => e is { Id: >= 0, UnixSeconds: >= 0 and <= 253402300799, DurationMicros: >= 0, Args: not null, Client: not null, ClientName: not null }
            && e.Args.All(a => a is not null))
        && batch.Missed is null or { Count: > 0, BeforeId: >= 0, Reason.Length: > 0 and <= 500 };
}
