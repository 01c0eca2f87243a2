using DbLogs.Server.Api;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Admin;

/// <summary>Admin routes of collection: agent keys, and the operator view of every source.</summary>
public static class AdminCollectionEndpoints
{
    private static readonly ServiceFamily Family = ServiceFamily.Instance;

    public sealed record AgentKeyView(string Key, string Id, string InstanceId);

    public sealed record AgentKeyListItem(string Id, string InstanceId, DateTimeOffset CreatedAt);

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

    private static async Task<IResult> ListSources(string? instance_id, SourceHealth health, CancellationToken ct) =>
        TypedResults.Ok(await health.ListAsync(instance_id, ct));
}
