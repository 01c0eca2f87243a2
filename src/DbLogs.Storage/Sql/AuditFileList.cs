using System.Data.Common;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Storage.Sql;

/// <summary>
/// ListAuditlogs on either store: the total and a deep page's start from <see cref="AuditFileListPlan"/> (the per-hour
/// counts), the page from the list index. <paramref name="invertedHint"/> is SQLite's INDEXED BY for the partial index.
/// </summary>
internal sealed class AuditFileList(string invertedHint)
{
    // begin_time is bounded on both sides (no file is longer than the instance's longest), so the index reads only
    // the files near the window instead of every file that began before its end. Newest first; files that begin at the
    // same time (audit records have whole seconds) in their stream's order, newest first, so pages neither repeat nor skip.
    private const string Where = """
        WHERE instance_id = @instanceId AND begin_time <= @End AND end_time >= @Start
          AND begin_time >= @Start - (SELECT MAX(end_time - begin_time) FROM audit_log_files WHERE instance_id = @instanceId)
        """;

    private const string PageSql = $"""
        SELECT {AuditFileRow.ListColumns} FROM audit_log_files {Where}
        ORDER BY begin_time DESC, node_id, stream_sequence DESC, id {PreparedPage.LimitOffset}
        """;

    private const string CountSql = $"SELECT COUNT(*) FROM audit_log_files {Where}";

    private readonly string _planSql = AuditFileListPlan.PlanSql(invertedHint);

    public async Task<PagedResult<AuditLogFile>> ListAsync(IStatements statements, string instanceId, TimeWindow window, Page page, CancellationToken ct)
    {
        var hours = new HourWindow(UnixMs.From(window.Start), UnixMs.From(window.End));
        var plan = await AuditFileListPlan.MakeAsync(statements, _planSql, instanceId, hours, page.Offset, ct);
        // A page past skipped hours ends the window just below them: one upper bound, which the index range then starts from
        // (given both "<= End" and "< Before", SQLite ranged on the first and stepped over every skipped file).
        var end = plan?.Before - 1 ?? hours.End;
        var total = plan?.Total ?? (long)(await Bind(statements.Command(CountSql), instanceId, hours.Start, end).ExecuteScalarAsync(ct))!;
        var list = Bind(statements.Command(PageSql), instanceId, hours.Start, end)
            .Set("@Offset", plan?.Rest ?? page.Offset)
            .Set("@Limit", page.Limit);
        return new(total, await list.ReadRowsAsync(row => AuditFileRow.Read(row, instanceId), page.Limit, ct));
    }

    private static DbCommand Bind(DbCommand command, string instanceId, long start, long end) =>
        command.Set("@instanceId", instanceId).Set("@Start", start).Set("@End", end);
}
