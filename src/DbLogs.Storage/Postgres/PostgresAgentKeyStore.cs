using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresAgentKeyStore(PostgresDatabase db) : IAgentKeyStore
{
    public Task AddAsync(string keyHash, string instanceId, DateTimeOffset createdAt, CancellationToken ct = default) =>
        db.RunAsync("INSERT INTO agent_keys (key_hash, instance_id, created_at) VALUES (@keyHash, @instanceId, @At)",
            new { keyHash, instanceId, At = UnixMs.From(createdAt) }, ct);

    public Task<string?> FindInstanceAsync(string keyHash, CancellationToken ct = default) =>
        db.ScalarAsync<string>("SELECT instance_id FROM agent_keys WHERE key_hash = @keyHash", new { keyHash }, ct);

    public Task<IReadOnlyList<AgentKeyRecord>> ListAsync(string instanceId, CancellationToken ct = default) =>
        db.ListAsync<(string KeyHash, string InstanceId, long CreatedAt), AgentKeyRecord>(
            "SELECT key_hash, instance_id, created_at FROM agent_keys WHERE instance_id = @instanceId ORDER BY created_at, key_hash",
            new { instanceId }, r => new AgentKeyRecord(r.KeyHash, r.InstanceId, UnixMs.To(r.CreatedAt)), ct);

    public async Task<bool> DeleteAsync(string instanceId, string keyId, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM agent_keys WHERE instance_id = @instanceId AND starts_with(key_hash, @keyId)", new { instanceId, keyId }, ct) > 0;
}
