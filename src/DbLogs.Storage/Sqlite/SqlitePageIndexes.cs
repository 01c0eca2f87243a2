using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// Deep pages read in order from an index, never sorted (issue 17: 100,000 entries behind a page): the Redis slow log in
/// each order ListSlowlog sorts by (the key in the asked direction, ties by node and run, then the entry id in the key's
/// direction), the duration indexes carrying the start time so the window is checked without reading the row; the
/// error log by level. The old time and duration indexes are prefixes of the new ones.
/// </summary>
internal static class SqlitePageIndexes
{
    public const string Sql =
        """
        DROP INDEX redis_slowlog_time;
        DROP INDEX redis_slowlog_duration;

        """ + SlowlogOrder.Indexes +
        """
        CREATE INDEX mysql_error_log_level ON mysql_error_log(instance_id, level, time);
        """;
}
