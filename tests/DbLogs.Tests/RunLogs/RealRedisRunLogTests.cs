using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DbLogs.Core.Logs;
using DbLogs.Server.Admin;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RunLogs;

/// <summary>
/// Real masters with a replica each (REPLICAOF; one shard and two), tailed by serve's embedded collector; each replica's day file, collected
/// through the API and fetched through its link, is exactly the lines of that day in the node's own log file.
/// </summary>
public sealed partial class RealRedisRunLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-runlog-real-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Each_replicas_day_file_is_byte_for_byte_that_days_lines_of_its_log(int shards)
    {
        var nodes = new List<Node>();
        try
        {
            for (var shard = 0; shard < shards; shard++)
            {
                var master = await RedisServer.StartAsync();
                nodes.Add(new Node($"s{shard}a", $"group-{shard}", $"127.0.{shard}.1", "master", master));
                var replica = await RedisServer.StartAsync();
                nodes.Add(new Node($"s{shard}b", $"group-{shard}", $"127.0.{shard}.2", "replica", replica));
                Assert.Equal("+OK", await replica.CommandAsync("REPLICAOF", "127.0.0.1", master.Port.ToString(CultureInfo.InvariantCulture)));
                await WaitForAsync(async () => (await replica.CommandAsync("INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal));
            }

            await CollectEachReplicaAsync(nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.Server.DisposeAsync();
            }
        }
    }

    private async Task CollectEachReplicaAsync(List<Node> nodes)
    {
        var bootstrap = Collected.WriteBootstrap(_dir, new
        {
            id = Guid.NewGuid().ToString("D"),
            name = "cache-real",
            engine = "redis",
            shards = nodes.GroupBy(n => n.Group).Select(g => new
            {
                name = g.Key,
                replicas = g.Select(n => new { id = n.Id, ip = n.Ip, port = n.Server.Port, role = n.Role, time_zone = "UTC", logs = new { run = n.Server.LogFile } }),
            }),
        });
        await using var service = await CollectingService.StartAsync(bootstrap);
        var app = service.App;

        foreach (var node in nodes)
        {
            Assert.Equal("+OK", await node.Server.CommandAsync("CONFIG", "SET", "loglevel", "verbose"));
            Assert.Equal("+PONG", await node.Server.CommandAsync("PING")); // verbose: a line per client connection
        }

        foreach (var master in nodes.Where(n => n.Role == "master"))
        {
            Assert.Equal("+OK", await master.Server.CommandAsync("SET", "greeting", "Grüße"));
            await master.Server.BackgroundSaveAsync(); // the child writes C lines
        }

        foreach (var node in nodes)
        {
            // Verbose also logs the key count every 5 s, which would grow the live files while the test compares them.
            Assert.Equal("+OK", await node.Server.CommandAsync("CONFIG", "SET", "loglevel", "notice"));
        }

        foreach (var replica in nodes.Where(n => n.Role == "replica"))
        {
            await replica.Server.CommandAsync("SHUTDOWN", "NOSAVE"); // shutdown lines on the replica, "lost" lines on the master
        }

        foreach (var master in nodes.Where(n => n.Role == "master"))
        {
            await WaitForAsync(async () => (await master.Server.CommandAsync("INFO", "replication")).Contains("connected_slaves:0", StringComparison.Ordinal));
        }

        var instance = (await app.Services.GetRequiredService<IRegistryStore>().ListProjectsAsync()) is [var project]
            ? (await app.Services.GetRequiredService<IRegistryStore>().ListInstancesAsync(project.Id)).Single()
            : throw new InvalidOperationException("the bootstrap makes one project");
        var testProject = new TestProject(instance.ProjectId, "real-servers", "AKREALREDIS0000000001", "SK" + Guid.NewGuid().ToString("N"), "nobody");
        await app.Services.GetRequiredService<RegistryService>().EnsureAccessKeyAsync(testProject.Id, testProject.Ak, testProject.Sk, CancellationToken.None);
        var client = new RunLogClient(app, testProject, instance.Id);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        foreach (var node in nodes)
        {
            await WaitUntilStoredAsync(app, node.Id, node.Server.LogFile);
            var entry = Assert.Single(await client.CollectAndWaitAsync(0, node.Id));
            Assert.Equal(("succeed", $"redis_{node.Ip}_{today:yyyy-MM-dd}.log", node.Group, node.Ip),
                (entry.Status, entry.FileName, entry.GroupName, entry.ReplicationIp));

            var expected = LinesOfDay(File.ReadAllBytes(node.Server.LogFile), today);
            var downloaded = await client.DownloadEntryAsync(entry);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(downloaded));
            Assert.True(expected.AsSpan().SequenceEqual(downloaded), $"{node.Id}: the day file differs from the log's bytes");
        }

        foreach (var master in nodes.Where(n => n.Role == "master"))
        {
            var masterLog = Encoding.UTF8.GetString(LinesOfDay(File.ReadAllBytes(master.Server.LogFile), today));
            Assert.Contains(":C ", masterLog, StringComparison.Ordinal);
            Assert.Contains("Background saving terminated with success", masterLog, StringComparison.Ordinal);
        }

        foreach (var replica in nodes.Where(n => n.Role == "replica"))
        {
            Assert.Contains("Redis is now ready to exit", File.ReadAllText(replica.Server.LogFile), StringComparison.Ordinal);
        }

        // Newest day first, then by group and replica.
        Assert.Equal(nodes.Select(n => n.Ip), (await client.ListAsync()).Select(e => e.ReplicationIp));
    }

    private sealed record Node(string Id, string Group, string Ip, string Role, RedisServer Server);

    /// <summary>
    /// The test's own reading of a Redis log: a line starting <c>pid:role dd Mon yyyy</c> starts a record of that date;
    /// any other line belongs to the record before it.
    /// </summary>
    private static byte[] LinesOfDay(byte[] log, DateOnly day)
    {
        var wanted = day.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
        using var result = new MemoryStream();
        var inDay = false;
        var start = 0;
        while (start < log.Length)
        {
            var end = Array.IndexOf(log, (byte)'\n', start);
            end = end < 0 ? log.Length : end + 1;
            var line = Encoding.UTF8.GetString(log, start, end - start);
            var match = RecordStart().Match(line);
            if (match.Success)
            {
                inDay = match.Groups[1].Value == wanted;
            }

            if (inDay)
            {
                result.Write(log, start, end - start);
            }

            start = end;
        }

        Assert.True(result.Length > 0, "the log has no line of that day");
        return result.ToArray();
    }

    private static async Task WaitUntilStoredAsync(TestApp app, string nodeId, string logFile)
    {
        var sources = app.Services.GetRequiredService<ISourceStore>();
        await WaitForAsync(async () =>
        {
            var source = (await sources.ListSourcesAsync(null)).SingleOrDefault(s => s.NodeId == nodeId && s.Kind == LogKind.RedisRun);
            return source is not null && source.Length == new FileInfo(logFile).Length;
        });
        var stored = (await sources.ListSourcesAsync(null)).Single(s => s.NodeId == nodeId && s.Kind == LogKind.RedisRun);
        await using var stream = app.Services.GetRequiredService<SegmentStore>().OpenRead(stored.Id, 0, stored.Length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(File.ReadAllBytes(logFile), copy.ToArray());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < Collected.Timeout, "timed out waiting");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"^\d+:[A-Z] (\d\d [A-Z][a-z]{2} \d{4}) \d\d:\d\d:\d\d\.\d{3} ")]
    private static partial Regex RecordStart();
}
