using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

/// <summary>
/// SQLite's step <c>SqlitePageIndexes</c>: the Redis slow log's four list orders and the error log's pages (by time
/// and by level, ties by <c>seq</c>, which PostgreSQL's indexes do not carry implicitly) read in order from an index.
/// </summary>
internal static class PostgresPageIndexes
{
    public const string Sql =
        """
        DROP INDEX redis_slowlog_time;
        DROP INDEX redis_slowlog_duration;

        """ + SlowlogOrder.Indexes +
        """
        DROP INDEX mysql_error_log_time;
        CREATE INDEX mysql_error_log_time ON mysql_error_log(instance_id, time, seq);
        CREATE INDEX mysql_error_log_level ON mysql_error_log(instance_id, level, time, seq);
        """;
}
