using Dapper;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteAgentKeyStore(SqliteDatabase db) : IAgentKeyStore
{
    public async Task AddAsync(string keyHash, string instanceId, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO agent_keys (key_hash, instance_id, created_at) VALUES (@keyHash, @instanceId, @At)",
            new { keyHash, instanceId, At = UnixMs.From(createdAt) }, cancellationToken: ct));
    }

    public async Task<string?> FindInstanceAsync(string keyHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT instance_id FROM agent_keys WHERE key_hash = @keyHash", new { keyHash }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AgentKeyRecord>> ListAsync(string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string KeyHash, string InstanceId, long CreatedAt)>(new CommandDefinition(
            """
            SELECT key_hash, instance_id, created_at FROM agent_keys WHERE instance_id = @instanceId ORDER BY created_at, key_hash
            """, new { instanceId }, cancellationToken: ct));
        return [.. rows.Select(r => new AgentKeyRecord(r.KeyHash, r.InstanceId, UnixMs.To(r.CreatedAt)))];
    }

    public async Task<bool> DeleteAsync(string instanceId, string keyId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM agent_keys WHERE instance_id = @instanceId AND substr(key_hash, 1, length(@keyId)) = @keyId",
            new { instanceId, keyId }, cancellationToken: ct)) > 0;
    }
}
