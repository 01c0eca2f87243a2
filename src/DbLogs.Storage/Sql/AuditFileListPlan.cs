using System.Data.Common;
using Dapper;

namespace DbLogs.Storage.Sql;

/// <summary>
/// ListAuditlogs' total and where its page starts, from <c>audit_log_file_hours</c>: the files that begin in the window's
/// whole hours are summed per hour, only the partial hours at its ends and the files begun before it that reach into it
/// are counted row by row. The list is newest first, so an offset skips whole hours from the window's end: the page is
/// read below <see cref="Before"/>, <see cref="Rest"/> files further on.
/// </summary>
internal readonly record struct AuditFileListPlan(long Total, long? Before, int Rest)
{
    private const string WholeHours =
        "FROM audit_log_file_hours WHERE instance_id = @instanceId AND hour >= @FirstHour AND hour < @EndHour";

    // Every file that begins inside the window reaches into it as long as no file ends before it begins. The hint names the
    // partial index for SQLite, which would otherwise pick the list index; a count of at most one row reads as a bigint in both.
    // The window's whole hours are summed in the same batch: one round trip.
    public static string PlanSql(string invertedHint) => $"""
        SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM audit_log_files {invertedHint} WHERE instance_id = @instanceId AND end_time < begin_time LIMIT 1) AS i) AS Inverted,
               (SELECT COUNT(*) FROM audit_log_files WHERE instance_id = @instanceId AND begin_time BETWEEN @TailStart AND @End) AS Tail,
               (SELECT COUNT(*) FROM audit_log_files WHERE instance_id = @instanceId AND begin_time BETWEEN @Start AND @HeadEnd) AS Head,
               (SELECT COUNT(*) FROM audit_log_files WHERE instance_id = @instanceId AND begin_time < @Start AND end_time >= @Start
                  AND begin_time >= @Start - (SELECT MAX(end_time - begin_time) FROM audit_log_files WHERE instance_id = @instanceId)) AS Reaching,
               (SELECT CAST(COALESCE(SUM(files), 0) AS bigint) {WholeHours}) AS Hours
        """;

    private const string HoursNewestFirst = $"SELECT hour, files {WholeHours} ORDER BY hour DESC";

    /// <summary>The plan, or null when the window has no whole hour or the instance has a file that ends before it begins.</summary>
    public static async Task<AuditFileListPlan?> MakeAsync(DbConnection connection, string planSql, string instanceId, HourWindow window,
        int offset, CancellationToken ct)
    {
        if (!window.HasWholeHours)
        {
            return null;
        }

        var args = new { instanceId, window.Start, window.End, window.FirstHour, window.EndHour, window.HeadEnd, window.TailStart };
        var counts = await connection.QuerySingleAsync<Counts>(new CommandDefinition(planSql, args, cancellationToken: ct));
        if (counts.Inverted != 0)
        {
            return null;
        }

        var total = counts.Tail + counts.Head + counts.Reaching + counts.Hours;
        if (offset == 0 || counts.Tail > offset)
        {
            return new AuditFileListPlan(total, null, offset);
        }

        // The newest hours the offset passes whole are skipped: read newest first only until one is not (a 30-day window's
        // 720 hours, all read for every page, cost a list more than its page).
        long before = window.TailStart;
        var skipped = counts.Tail;
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(HoursNewestFirst, args, cancellationToken: ct));
        while (await reader.ReadAsync(ct) && skipped + reader.GetInt64(1) <= offset) // hours without a row have no files: skipping them moves nothing
        {
            before = reader.GetInt64(0) * HourWindow.Hour;
            skipped += reader.GetInt64(1);
        }

        return new AuditFileListPlan(total, before, (int)(offset - skipped));
    }

    private sealed record Counts(long Inverted, long Tail, long Head, long Reaching, long Hours);
}
