using DbLogs.Core.Logs;
using DbLogs.Server.Api;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Admin;

/// <summary>Admin routes of collection: agent keys, and the operator view of every source.</summary>
public static class AdminCollectionEndpoints
{
    private static readonly ServiceFamily Family = ServiceFamily.Instance;

    public sealed record AgentKeyView(string Key, string Id, string InstanceId);

    public sealed record AgentKeyListItem(string Id, string InstanceId, DateTimeOffset CreatedAt);

    public sealed record GapView(DateTimeOffset DetectedAt, string FilePath, long Bytes, string Reason);

    public sealed record SourceView(
        string InstanceId,
        string NodeId,
        string Kind,
        string? File,
        long StoredBytes,
        long? FileOffset,
        long? FileSize,
        long LagBytes,
        double LagSeconds,
        DateTimeOffset? LastBatchAt,
        DateTimeOffset? LastRecordTime,
        string? LastError,
        IReadOnlyList<GapView> Gaps);

    public static RouteGroupBuilder MapAdminCollection(this RouteGroupBuilder admin)
    {
        admin.MapPost("/instances/{instance_id}/agent-keys", IssueAgentKey);
        admin.MapGet("/instances/{instance_id}/agent-keys", ListAgentKeys);
        admin.MapDelete("/instances/{instance_id}/agent-keys/{key_id}", async (string instance_id, string key_id, AgentKeys keys, CancellationToken ct) =>
            await keys.RevokeAsync(instance_id, key_id, ct) ? Results.NoContent() : Family.Result(ServiceFamily.NotFound("The agent key")));
        admin.MapGet("/sources", ListSources);
        return admin;
    }

    private static async Task<IResult> IssueAgentKey(string instance_id, IRegistryStore registry, AgentKeys keys, CancellationToken ct)
    {
        if (await registry.GetInstanceAsync(instance_id, ct) is null)
        {
            return Family.Result(ServiceFamily.NotFound("The instance"));
        }

        var key = await keys.IssueAsync(instance_id, ct);
        return TypedResults.Created((string?)null, new AgentKeyView(key, AgentKeys.IdOf(key), instance_id));
    }

    private static async Task<IResult> ListAgentKeys(string instance_id, IRegistryStore registry, AgentKeys keys, CancellationToken ct)
    {
        if (await registry.GetInstanceAsync(instance_id, ct) is null)
        {
            return Family.Result(ServiceFamily.NotFound("The instance"));
        }

        return TypedResults.Ok((await keys.ListAsync(instance_id, ct)).Select(k => new AgentKeyListItem(k.Id, k.InstanceId, k.CreatedAt)));
    }

    private static async Task<IResult> ListSources(string? instance_id, ISourceStore sources, AppendFailures failures, TimeProvider clock, CancellationToken ct)
    {
        var views = new List<SourceView>();
        foreach (var source in await sources.ListSourcesAsync(instance_id, ct))
        {
            var lag = await SourceLag.ReadAsync(sources, source, failures, clock.GetUtcNow(), ct);
            var gaps = (await sources.ListGapsAsync(source.Id, ct)).Select(g => new GapView(g.DetectedAt, g.FilePath, g.Bytes, g.Reason)).ToList();
            views.Add(new SourceView(source.InstanceId, source.NodeId, source.Kind.Name(), lag.Current?.Path, source.Length, lag.Current?.StoredEnd,
                lag.FileSize, lag.Bytes, Math.Round(lag.Seconds, 1), source.LastBatchAt, source.LastTime, lag.Failure?.Error ?? source.LastError, gaps));
        }

        return TypedResults.Ok(views);
    }
}
