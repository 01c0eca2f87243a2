using System.Data.Common;
using Dapper;
using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Storage.MariadbSlow;

namespace DbLogs.Storage.Sql;

/// <summary>ListSlowLogs on either store: the total from <see cref="SlowLogWindowCount"/> when the window has whole hours.</summary>
internal static class SlowLogList
{
    public static async Task<PagedResult<MariadbSlowEntry>> ListAsync(DbConnection c, string instanceId, TimeWindow window, string? type, Page page,
        CancellationToken ct)
    {
        // The type as its own condition, not "@type IS NULL OR …": a type's pages are then read from its index in order.
        var where = "WHERE instance_id = @instanceId AND start_time BETWEEN @Start AND @End" + (type is null ? string.Empty : " AND type = @type");
        var hours = new HourWindow(UnixMs.From(window.Start), UnixMs.From(window.End));
        var args = new { instanceId, type, hours.Start, hours.End, hours.FirstHour, hours.EndHour, hours.HeadEnd, hours.TailStart, page.Offset, page.Limit };
        // The count and the page in one batch: one round trip to PostgreSQL instead of two.
        using var results = await c.QueryMultipleAsync(new CommandDefinition(
            (hours.HasWholeHours ? SlowLogWindowCount.Sql(type is not null) : $"SELECT COUNT(*) FROM mysql_slow_log {where}") + ";\n" +
            // The page's keys first (an index-only scan steps over the offset), then only its rows.
            $"""
            SELECT {SlowEntryRow.Columns} FROM mysql_slow_log WHERE seq IN (
                SELECT seq FROM mysql_slow_log {where} ORDER BY start_time DESC, seq DESC LIMIT @Limit OFFSET @Offset)
            ORDER BY start_time DESC, seq DESC
            """,
            args, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<SlowEntryRow>();
        return new(total, [.. rows.Select(r => r.ToModel())]);
    }
}
