using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Ingest;
using DbLogs.Tests.Api.Rds;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.MysqlLogs;

/// <summary>
/// The followers over streams appended through the ingest service: a record only becomes a row once it is complete,
/// even when it arrives over several batches (node time zone Asia/Shanghai).
/// </summary>
public class FollowerTests
{
    private const string Window = "start_date=2025-11-21T00:00:00%2B0800&end_date=2025-11-22T00:00:00%2B0800";

    private static async Task AppendAsync(RdsFixture f, LogKind kind, string fileId, string text)
    {
        var stored = (await f.App.Services.GetRequiredService<DbLogs.Storage.Sources.ISourceStore>().ListSourcesAsync(f.Instance))
            .SingleOrDefault(s => s.Kind == kind)?.Length ?? 0;
        var result = await f.App.Services.GetRequiredService<IngestService>().AppendAsync(
            new IngestBatch(f.Instance, "n1", kind, fileId, "/var/log/mysql/x.log", stored, Encoding.UTF8.GetBytes(text), null), CancellationToken.None);
        Assert.Equal(IngestOutcome.Stored, result.Outcome);
    }

    private static Task CatchUpAsync(RdsFixture f) => f.App.Services.GetRequiredService<StreamFollowers>().CatchUpAllAsync(CancellationToken.None);

    private static async Task<string[]> ErrorContentsAsync(RdsFixture f)
    {
        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/errorlog?{Window}&limit=100"));
        return [.. body.GetProperty("error_log_list").EnumerateArray().Select(e => $"{e.GetProperty("time").GetString()} {e.GetProperty("level").GetString()} {e.GetProperty("content").GetString()}").Reverse()];
    }

    [Fact]
    public async Task The_last_error_record_waits_for_the_next_or_for_the_quiet_period_and_late_lines_become_their_own_row()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        var file = Guid.NewGuid().ToString("D");

        await AppendAsync(f, LogKind.MariadbError, file, "2025-11-21 10:00:00 0 [Note] first\n2025-11-21 10:00:01 0 [ERROR] second\n");
        await CatchUpAsync(f);
        Assert.Equal(["2025-11-21T02:00:00 NOTE first"], await ErrorContentsAsync(f));

        await AppendAsync(f, LogKind.MariadbError, file, "continued\n");
        await CatchUpAsync(f);
        f.App.Clock.Advance(ParsedLogTiming.QuietPeriod - TimeSpan.FromSeconds(1));
        await CatchUpAsync(f);
        Assert.Single(await ErrorContentsAsync(f));

        f.App.Clock.Advance(TimeSpan.FromSeconds(2));
        await CatchUpAsync(f);
        Assert.Equal(["2025-11-21T02:00:00 NOTE first", "2025-11-21T02:00:01 ERROR second\ncontinued"], await ErrorContentsAsync(f));

        await AppendAsync(f, LogKind.MariadbError, file, "late line\n2025-11-21 10:00:05 0 [Warning] third\n");
        await CatchUpAsync(f);
        f.App.Clock.Advance(ParsedLogTiming.QuietPeriod);
        await CatchUpAsync(f);
        await CatchUpAsync(f);
        Assert.Equal([
            "2025-11-21T02:00:00 NOTE first", "2025-11-21T02:00:01 ERROR second\ncontinued", "2025-11-21T02:00:01 INFO late line",
            "2025-11-21T02:00:05 WARNING third",
        ], await ErrorContentsAsync(f));
    }

    [Fact]
    public async Task A_slow_record_split_over_batches_is_one_row()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        var file = Guid.NewGuid().ToString("D");
        const string Header = "# Time: 251121 10:00:00\n# User@Host: app[app] @ web [10.0.0.5]\n# Thread_id: 3  Schema: shop  QC_hit: No\n";

        await AppendAsync(f, LogKind.MariadbSlow, file, Header + "# Query_time: 1.5  Lock_time: 0.1  Rows_sent: 1  Rows_examined: 9\nSET timestamp=1763690400;\nSELECT a,\n");
        await CatchUpAsync(f);
        await AppendAsync(f, LogKind.MariadbSlow, file, "  'x' FROM t;\n" + Header + "# Query_time: 2.5  Lock_time: 0.0  Rows_sent: 0  Rows_examined: 1\nSET timestamp=1763690401;\nDELETE FROM t WHERE id = 7;\n");
        await CatchUpAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog?{Window}"));
        var item = Assert.Single(body.GetProperty("slow_log_list").EnumerateArray());
        Assert.Equal(("SELECT a, N FROM t", "1.5 s", "2025-11-21T02:00:00", "10.*.*.5"), (item.GetProperty("query_sample").GetString(),
            item.GetProperty("time").GetString(), item.GetProperty("start_time").GetString(), item.GetProperty("client_ip").GetString()));

        f.App.Clock.Advance(ParsedLogTiming.QuietPeriod);
        await CatchUpAsync(f);
        body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog?{Window}&type=DELETE"));
        Assert.Equal("DELETE FROM t WHERE id = N", Assert.Single(body.GetProperty("slow_log_list").EnumerateArray()).GetProperty("query_sample").GetString());
    }
}
