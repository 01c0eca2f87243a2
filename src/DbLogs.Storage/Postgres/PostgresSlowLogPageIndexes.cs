namespace DbLogs.Storage.Postgres;

/// <summary>
/// ListSlowLogs' pages read their keys by an index-only scan: the time and type indexes carry <c>seq</c>, the tie-break
/// of the list's order, which PostgreSQL's indexes do not carry implicitly (SQLite's carry it as the rowid).
/// </summary>
internal static class PostgresSlowLogPageIndexes
{
    public const string Sql =
        """
        DROP INDEX mysql_slow_log_time;
        CREATE INDEX mysql_slow_log_time ON mysql_slow_log(instance_id, start_time, seq);
        DROP INDEX mysql_slow_log_type;
        CREATE INDEX mysql_slow_log_type ON mysql_slow_log(instance_id, type, start_time, seq);
        """;
}
