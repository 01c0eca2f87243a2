using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Server.Ingest;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RunLogs;

/// <summary>
/// Day files are cut at midnight in the node's time zone (Asia/Shanghai, UTC+8), not UTC: the lines around local
/// midnight below all fall on the same UTC day. Lines come in through the ingest path in batches that split a record
/// from its continuation lines.
/// </summary>
public sealed class RunLogDayBoundaryTests
{
    // 2026-03-10 01:00 in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 17, 0, 0, TimeSpan.Zero);

    private const string OlderDay =
        "41:M 07 Mar 2026 23:10:00.000 * Background saving started by pid 42\n";

    private const string BeforeMidnight =
        "41:M 09 Mar 2026 23:59:58.999 # WARNING Memory overcommit must be enabled!\n" +
        "41:M 09 Mar 2026 23:59:59.990 # Redis crashed by signal: 11\n";

    // A crash report: lines without a time belong to the record before them, across the midnight the next records pass.
    private const string Continuation =
        "\n------ STACK TRACE ------\n" +
        "EIP:\n/usr/bin/redis-server 127.0.0.1:6379(debugCommand+0x1b4)[0x55d2c1]\n";

    private const string AfterMidnight =
        "42:C 10 Mar 2026 00:00:00.001 * DB saved on disk\n" +
        "41:M 10 Mar 2026 00:30:12.345 * Ready to accept connections tcp ü\n";

    private static async Task<(TestApp App, RunLogClient Client)> StartAsync()
    {
        var jobs = new CallGate();
        var app = await TestApp.StartAsync(now: Now, services: RunLogClient.HoldJobs(jobs));
        var project = await DcsScene.CreateProjectWithKeyOnlyAsync(app, "boundary");
        var instance = await app.CreateInstanceAsync(project, """
            {"name":"cache-sh","engine":"redis","shards":[{"name":"group-0","replicas":[
              {"id":"r1","ip":"10.0.0.7","port":6379,"role":"master","time_zone":"Asia/Shanghai"}]}]}
            """);
        return (app, new RunLogClient(app, project, instance, jobs));
    }

    private static async Task IngestAsync(TestApp app, string instanceId, params string[] batches)
    {
        var ingest = app.Services.GetRequiredService<IngestService>();
        long offset = 0;
        foreach (var batch in batches)
        {
            var data = Encoding.UTF8.GetBytes(batch);
            var result = await ingest.AppendAsync(new IngestBatch(instanceId, "r1", LogKind.RedisRun, "file-1", "/var/log/redis/redis.log", offset,
                data, offset + data.Length), CancellationToken.None);
            Assert.Equal(IngestOutcome.Stored, result.Outcome);
            offset += data.Length;
        }
    }

    [Fact]
    public async Task Last_three_days_gives_a_file_per_day_with_lines_cut_at_local_midnight()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await IngestAsync(app, InstanceOf(client), OlderDay + BeforeMidnight, Continuation, AfterMidnight);

        var entries = await client.CollectAndWaitAsync(3, "r1");

        // 2026-03-08 had no lines: no file. 2026-03-07 is outside the three days.
        Assert.Equal(["2026-03-10", "2026-03-09"], entries.Select(e => e.Time));
        Assert.All(entries, e => Assert.Equal(("succeed", "group-0", "10.0.0.7", e.Id), (e.Status, e.GroupName, e.ReplicationIp, e.BackupId)));
        Assert.Equal(["redis_10.0.0.7_2026-03-10.log", "redis_10.0.0.7_2026-03-09.log"], entries.Select(e => e.FileName));
        Assert.Equal(Encoding.UTF8.GetBytes(AfterMidnight), await client.DownloadEntryAsync(entries[0]));
        Assert.Equal(Encoding.UTF8.GetBytes(BeforeMidnight + Continuation), await client.DownloadEntryAsync(entries[1]));
    }

    [Fact]
    public async Task Today_only_for_query_time_0_and_collecting_again_replaces_the_content_under_the_same_id()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await IngestAsync(app, InstanceOf(client), BeforeMidnight, AfterMidnight);

        var first = Assert.Single(await client.CollectAndWaitAsync(0, "r1"));
        Assert.Equal("2026-03-10", first.Time);
        var link = await client.LinkAsync(first.Id);
        Assert.Equal(Encoding.UTF8.GetBytes(AfterMidnight), (await client.DownloadAsync(link)).Bytes);

        const string More = "41:M 10 Mar 2026 00:59:00.000 - Accepted 127.0.0.1:50000\n";
        var ingest = app.Services.GetRequiredService<IngestService>();
        var offset = Encoding.UTF8.GetByteCount(BeforeMidnight + AfterMidnight);
        Assert.Equal(IngestOutcome.Stored, (await ingest.AppendAsync(new IngestBatch(InstanceOf(client), "r1", LogKind.RedisRun, "file-1",
            "/var/log/redis/redis.log", offset, Encoding.UTF8.GetBytes(More), null), CancellationToken.None)).Outcome);
        var again = Assert.Single(await client.CollectAndWaitAsync(0, null)); // a single-node instance needs no replication_id

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(Encoding.UTF8.GetBytes(AfterMidnight + More), (await client.DownloadAsync(link)).Bytes); // the old link sees the new content
    }

    [Fact]
    public async Task A_replica_without_stored_lines_gets_no_entry()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;

        Assert.Empty(await client.CollectAndWaitAsync(7, "r1"));
    }

    private static string InstanceOf(RunLogClient client) => client.InstanceId;
}
