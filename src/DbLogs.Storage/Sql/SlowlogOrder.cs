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
}
