using System.Collections.Concurrent;
using System.Data;

namespace DbLogs.Storage.Sql;

/// <summary>
/// Where ListRedislog's deep pages start, so an offset of 99,000 seeks instead of stepping over 99,000 entries: the
/// key of every <see cref="Stride"/>th entry in list order, per instance and replica filter, read by one scan of the list
/// index and kept until <c>run_log_version</c> (bumped by triggers on every change to the list order) moves on.
/// </summary>
internal sealed class RunLogBookmarks
{
    public const int Stride = 1000;

    private readonly ConcurrentDictionary<(string Instance, string? Replica), Bookmarks> _cache = new();

    /// <summary>The key of the entry at <c>offset / Stride * Stride</c>, or null when the list is shorter than that.</summary>
    public async Task<RunLogKey?> BeforeAsync(IStatements statements, string where, string instanceId, string? replicationId, long version,
        int offset, CancellationToken ct)
    {
        var scope = (instanceId, replicationId);
        if (!_cache.TryGetValue(scope, out var bookmarks) || bookmarks.Version != version)
        {
            bookmarks = new Bookmarks(version, await ReadAsync(statements, where, instanceId, replicationId, ct));
            _cache[scope] = bookmarks;
        }

        var index = (offset / Stride) - 1;
        return index < bookmarks.Keys.Length ? bookmarks.Keys[index] : null;
    }

    private static async Task<RunLogKey[]> ReadAsync(IStatements statements, string where, string instanceId, string? replicationId,
        CancellationToken ct)
    {
        var command = statements.Command($"SELECT day, group_name, replication_id FROM run_log_files {where} ORDER BY day DESC, group_name, replication_id")
            .Set("@instanceId", instanceId).Set("@replicationId", replicationId, DbType.String); // typed, so PostgreSQL can compare a null with a column
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<RunLogKey>();
        for (var position = 0; await reader.ReadAsync(ct); position++)
        {
            if (position > 0 && position % Stride == 0)
            {
                keys.Add(new RunLogKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        return [.. keys];
    }

    private sealed record Bookmarks(long Version, RunLogKey[] Keys);
}

/// <summary>An entry's place in ListRedislog's order (day descending, then group and replica); unique within an instance.</summary>
internal sealed record RunLogKey(string Day, string GroupName, string ReplicationId);
