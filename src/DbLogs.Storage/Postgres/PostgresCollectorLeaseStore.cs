using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresCollectorLeaseStore(PostgresDatabase db) : ICollectorLeaseStore
{
    private const string Holder = "SELECT collector_id AS CollectorId, seen_at AS SeenAt FROM source_collectors WHERE source_id = @sourceId";

    public async Task<CollectorLease?> ClaimAsync(long sourceId, string collectorId, DateTimeOffset now, TimeSpan lease, bool take,
        CancellationToken ct = default)
    {
        var at = UnixMs.From(now);
        if (take)
        {
            // The conflicting row is locked while its condition is checked: two collectors claiming at once cannot both win.
            var taken = await db.ScalarAsync<long?>(
                """
                INSERT INTO source_collectors (source_id, collector_id, seen_at) VALUES (@sourceId, @collectorId, @at)
                ON CONFLICT (source_id) DO UPDATE SET collector_id = excluded.collector_id, seen_at = excluded.seen_at
                WHERE source_collectors.collector_id = excluded.collector_id OR source_collectors.seen_at + @LeaseMs <= excluded.seen_at
                RETURNING source_id
                """, new { sourceId, collectorId, at, LeaseMs = (long)lease.TotalMilliseconds }, ct);
            if (taken is not null)
            {
                return null;
            }
        }

        var held = await db.SingleAsync<LeaseRow, CollectorLease>(Holder, new { sourceId }, r => r.ToModel(), ct);
        return held is not null && held.CollectorId != collectorId && held.SeenAt + lease > now ? held : null;
    }

    public Task RenewAllAsync(string collectorId, DateTimeOffset now, CancellationToken ct = default) =>
        db.RunAsync("UPDATE source_collectors SET seen_at = @At WHERE collector_id = @collectorId", new { collectorId, At = UnixMs.From(now) }, ct);
}
