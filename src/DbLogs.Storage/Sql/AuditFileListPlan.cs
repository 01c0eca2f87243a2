using System.Data.Common;

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
    public static async Task<AuditFileListPlan?> MakeAsync(IStatements statements, string planSql, string instanceId, HourWindow window,
        int offset, CancellationToken ct)
    {
        if (!window.HasWholeHours)
        {
            return null;
        }

        var counts = Bind(statements.Command(planSql), instanceId, window)
            .Set("@Start", window.Start).Set("@End", window.End).Set("@HeadEnd", window.HeadEnd).Set("@TailStart", window.TailStart);
        long tail, total;
        await using (var reader = await counts.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) != 0) // inverted
            {
                return null;
            }

            tail = reader.GetInt64(1);
            total = tail + reader.GetInt64(2) + reader.GetInt64(3) + reader.GetInt64(4);
        }

        if (offset == 0 || tail > offset)
        {
            return new AuditFileListPlan(total, null, offset);
        }

        // The newest hours the offset passes whole are skipped: read newest first only until one is not (a 30-day window's
        // 720 hours, all read for every page, cost a list more than its page).
        long before = window.TailStart;
        var skipped = tail;
        await using var hours = await Bind(statements.Command(HoursNewestFirst), instanceId, window).ExecuteReaderAsync(ct);
        while (await hours.ReadAsync(ct) && skipped + hours.GetInt64(1) <= offset) // hours without a row have no files: skipping them moves nothing
        {
            before = hours.GetInt64(0) * HourWindow.Hour;
            skipped += hours.GetInt64(1);
        }

        return new AuditFileListPlan(total, before, (int)(offset - skipped));
    }

    private static DbCommand Bind(DbCommand command, string instanceId, HourWindow window) =>
        command.Set("@instanceId", instanceId).Set("@FirstHour", window.FirstHour).Set("@EndHour", window.EndHour);
}
