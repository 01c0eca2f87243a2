namespace DbLogs.Storage.Sql;

/// <summary>The LIMIT and OFFSET of a list statement kept prepared (<see cref="IStatements"/>).</summary>
internal static class PreparedPage
{
    /// <summary>
    /// <c>@Limit</c> rows after <c>@Offset</c>. SQLite reads the value bound to a bare <c>LIMIT @Limit</c> while compiling
    /// and then compiles the statement again whenever a value is bound to it, which is on every use (a 30-day audit list's
    /// page cost 93 µs instead of 27); behind a cast it is an expression evaluated when the statement runs.
    /// </summary>
    public const string LimitOffset = "LIMIT CAST(@Limit AS INTEGER) OFFSET CAST(@Offset AS INTEGER)";
}
