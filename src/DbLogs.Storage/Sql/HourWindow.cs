namespace DbLogs.Storage.Sql;

/// <summary>
/// A time window [<see cref="Start"/>, <see cref="End"/>] (Unix ms, both ends in) split for the per-hour count tables
/// (hour = time / 3,600,000): whole hours [<see cref="FirstHour"/>, <see cref="EndHour"/>) summed from the table, and
/// the partial hours at either end, [Start, <see cref="HeadEnd"/>] and [<see cref="TailStart"/>, End], counted row by row.
/// </summary>
internal readonly record struct HourWindow(long Start, long End)
{
    public const long Hour = 3_600_000;

    public long FirstHour => (Start + Hour - 1) / Hour;

    public long EndHour => Math.Max(FirstHour, (End + 1) / Hour);

    public long HeadEnd => (FirstHour * Hour) - 1;

    public long TailStart => EndHour * Hour;

    /// <summary>At least one whole hour inside, and no time before 1970 (SQLite's and PostgreSQL's division truncate towards zero there).</summary>
    public bool HasWholeHours => Start >= 0 && FirstHour < EndHour;
}
