using DbLogs.Storage.RedisSlowlog;

namespace DbLogs.Storage.Sql;

/// <summary>ListSlowlog's order: the sort key in the asked direction, ties by node, run and entry id.</summary>
internal static class SlowlogOrder
{
    public static string OrderBy(RedisSlowSortKey sortKey, SortDirection direction)
    {
        var column = sortKey == RedisSlowSortKey.Duration ? "duration_us" : "start_time";
        var dir = direction == SortDirection.Ascending ? "ASC" : "DESC";
        return $"ORDER BY {column} {dir}, node_id, run_id, entry_id {dir}";
    }

    /// <summary>LatestAsync's query on either store, reading <paramref name="from"/> (the table, with SQLite's index hint).</summary>
    public static string Latest(string from) =>
        $"SELECT {SlowlogRow.Columns} FROM {from} WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End " +
        $"{OrderBy(RedisSlowSortKey.StartTime, SortDirection.Descending)} LIMIT @limit";

    /// <summary>The index of each order, as <see cref="IndexName"/> names them: part of a released schema step of both stores, never edited.</summary>
    public const string Indexes =
        """
        CREATE INDEX redis_slowlog_time_asc ON redis_slowlog(instance_id, start_time, node_id, run_id, entry_id);
        CREATE INDEX redis_slowlog_time_desc ON redis_slowlog(instance_id, start_time DESC, node_id, run_id, entry_id DESC);
        CREATE INDEX redis_slowlog_duration_asc ON redis_slowlog(instance_id, duration_us, node_id, run_id, entry_id, start_time);
        CREATE INDEX redis_slowlog_duration_desc ON redis_slowlog(instance_id, duration_us DESC, node_id, run_id, entry_id DESC, start_time);

        """;

    /// <summary>
    /// The index that holds the entries in this order. SQLite is told to use it: without statistics it would rather read
    /// the window from the time index and sort all of it, which costs a second at 100,000 entries; with it, a page
    /// reads the index up to its offset, checking the window on the index's start time.
    /// </summary>
    public static string IndexName(RedisSlowSortKey sortKey, SortDirection direction) =>
        $"redis_slowlog_{(sortKey == RedisSlowSortKey.Duration ? "duration" : "time")}_{(direction == SortDirection.Ascending ? "asc" : "desc")}";
}
