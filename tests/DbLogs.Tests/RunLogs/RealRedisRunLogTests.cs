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
/// A real master and its replica (REPLICAOF), tailed by serve's embedded collector; each replica's day file, collected
/// through the API and fetched through its link, is exactly the lines of that day in the node's own log file.
/// </summary>
public sealed partial class RealRedisRunLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-runlog-real-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Each_replicas_day_file_is_byte_for_byte_that_days_lines_of_its_log()
    {
        await using var master = await RedisServer.StartAsync();
        await using var replica = await RedisServer.StartAsync();
        Assert.Equal("+OK", await replica.CommandAsync("REPLICAOF", "127.0.0.1", master.Port.ToString(CultureInfo.InvariantCulture)));
        await WaitForAsync(async () => (await replica.CommandAsync("INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal));

        var bootstrap = RedisBootstrap.Write(_dir, master, replica);
        await using var service = await CollectingService.StartAsync(bootstrap);
        var app = service.App;

        foreach (var server in new[] { master, replica })
        {
            Assert.Equal("+OK", await server.CommandAsync("CONFIG", "SET", "loglevel", "verbose"));
            Assert.Equal("+PONG", await server.CommandAsync("PING")); // verbose: a line per client connection
        }

        Assert.Equal("+OK", await master.CommandAsync("SET", "greeting", "Grüße"));
        await master.BackgroundSaveAsync(); // the child writes C lines
        await replica.CommandAsync("SHUTDOWN", "NOSAVE"); // shutdown lines on the replica, "lost" lines on the master
        await WaitForAsync(async () => (await master.CommandAsync("INFO", "replication")).Contains("connected_slaves:0", StringComparison.Ordinal));

        var instance = (await app.Services.GetRequiredService<IRegistryStore>().ListProjectsAsync()) is [var project]
            ? (await app.Services.GetRequiredService<IRegistryStore>().ListInstancesAsync(project.Id)).Single()
            : throw new InvalidOperationException("the bootstrap makes one project");
        var testProject = new TestProject(instance.ProjectId, "real-servers", "AKREALREDIS0000000001", "SK" + Guid.NewGuid().ToString("N"), "nobody");
        await app.Services.GetRequiredService<RegistryService>().EnsureAccessKeyAsync(testProject.Id, testProject.Ak, testProject.Sk, CancellationToken.None);
        var client = new RunLogClient(app, testProject, instance.Id);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        foreach (var (node, server, ip) in new[] { ("r1", master, "127.0.0.1"), ("r2", replica, "127.0.0.2") })
        {
            await WaitUntilStoredAsync(app, node, server.LogFile);
            var entry = Assert.Single(await client.CollectAndWaitAsync(0, node));
            Assert.Equal(("succeed", $"redis_{ip}_{today:yyyy-MM-dd}.log", "group-0", ip), (entry.Status, entry.FileName, entry.GroupName, entry.ReplicationIp));

            var expected = LinesOfDay(File.ReadAllBytes(server.LogFile), today);
            var downloaded = await client.DownloadEntryAsync(entry);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(downloaded));
            Assert.True(expected.AsSpan().SequenceEqual(downloaded), $"{node}: the day file differs from the log's bytes");
        }

        var masterLog = Encoding.UTF8.GetString(LinesOfDay(File.ReadAllBytes(master.LogFile), today));
        Assert.Contains(":C ", masterLog, StringComparison.Ordinal);
        Assert.Contains("Background saving terminated with success", masterLog, StringComparison.Ordinal);
        Assert.Contains("Redis is now ready to exit", File.ReadAllText(replica.LogFile), StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1", "127.0.0.2"], (await client.ListAsync()).Select(e => e.ReplicationIp));
    }

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
