using Dapper;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteCollectorLeaseStore(SqliteDatabase db) : ICollectorLeaseStore
{
    public async Task<CollectorLease?> ClaimAsync(long sourceId, string collectorId, DateTimeOffset now, TimeSpan lease, bool take,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var held = await c.QuerySingleOrDefaultAsync<LeaseRow>(new CommandDefinition(
            "SELECT collector_id AS CollectorId, seen_at AS SeenAt FROM source_collectors WHERE source_id = @sourceId", new { sourceId }, tx,
            cancellationToken: ct));
        if (held is not null && held.CollectorId != collectorId && UnixMs.To(held.SeenAt) + lease > now)
        {
            return held.ToModel();
        }

        if (!take)
        {
            return null;
        }

        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO source_collectors (source_id, collector_id, seen_at) VALUES (@sourceId, @collectorId, @At)
            ON CONFLICT (source_id) DO UPDATE SET collector_id = excluded.collector_id, seen_at = excluded.seen_at
            """, new { sourceId, collectorId, At = UnixMs.From(now) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return null;
    }

    public async Task RenewAllAsync(string collectorId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE source_collectors SET seen_at = @At WHERE collector_id = @collectorId", new { collectorId, At = UnixMs.From(now) },
            cancellationToken: ct));
    }
}
