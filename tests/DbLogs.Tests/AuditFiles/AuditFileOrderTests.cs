using System.Globalization;
using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Server.Ingest;
using DbLogs.Tests.Api.Rds;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditFiles;

/// <summary>ListAuditlogs in the true order of the audit stream when many files begin in the same second.</summary>
public sealed class AuditFileOrderTests
{
    private const int Files = 25;
    private const string Window = "start_time=2019-11-06T00:00:00Z&end_time=2019-11-07T00:00:00Z";

    [Fact]
    public async Task Files_cut_within_one_second_page_in_reverse_stream_order_without_repeats_or_gaps()
    {
        await using var f = await RdsFixture.StartAsync();
        var ingest = f.App.Services.GetRequiredService<IngestService>();
        var streamOrder = new List<string>();
        long offset = 0;
        for (var n = 1; n <= Files; n++)
        {
            // Every record in the same second of the node's clock (Asia/Shanghai), each closed into its own file.
            var record = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"20191106 10:00:00,dbhost,app,10.0.0.5,42,{n},QUERY,shop,'SELECT {n}',0\n"));
            var stored = await ingest.AppendAsync(new IngestBatch(f.Instance, "n1", LogKind.MariadbAudit, "f", "/var/lib/mysql/server_audit.log",
                offset, record, offset + record.Length), CancellationToken.None);
            Assert.Equal(IngestOutcome.Stored, stored.Outcome);
            offset += record.Length;
            await RdsFixture.OkJsonAsync(await f.SendAsync(HttpMethod.Post, "/auditlog-rotate"));
            streamOrder.Add(Assert.Single(await ListIdsAsync(f, 0, 50), id => !streamOrder.Contains(id)));
        }

        var paged = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            paged.AddRange(await ListIdsAsync(f, page * 10, 10));
        }

        streamOrder.Reverse();
        Assert.Equal(streamOrder, paged);
    }

    private static async Task<List<string>> ListIdsAsync(RdsFixture f, int offset, int limit)
    {
        var body = await RdsFixture.OkJsonAsync(await f.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/auditlog?{Window}&offset={offset}&limit={limit}")));
        var items = body.GetProperty("auditlogs").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal("2019-11-06T02:00:00+0000", i.GetProperty("begin_time").GetString()));
        return [.. items.Select(i => i.GetProperty("id").GetString()!)];
    }
}
