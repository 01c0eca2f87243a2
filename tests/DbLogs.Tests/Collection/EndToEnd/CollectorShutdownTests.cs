using DbLogs.Collection.Agent;
using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;
using DbLogs.Tests.Collection.Agent;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>
/// Found while stopping serve after the real-server tests: the embedded collector's host sometimes failed at shutdown
/// ("BackgroundService failed … FileNotFoundException … collector/{instance}.json.tmp").
/// </summary>
public sealed class CollectorShutdownTests
{
    [Fact]
    public async Task Stopping_at_the_moment_of_a_periodic_save_does_not_fail()
    {
        var root = Directory.CreateTempSubdirectory("dblogs-shutdown-").FullName;
        try
        {
            // Many hosts at once, each stopped just after its save loop wakes up (SaveInterval after start); a few rounds.
            var failures = new List<string>();
            for (var round = 0; round < 8 && failures.Count == 0; round++)
            {
                var runs = Enumerable.Range(0, 50).Select(i => StopNearSaveAsync(Path.Combine(root, $"{round}-{i}"),
                    CollectorHost.SaveInterval + TimeSpan.FromMilliseconds(i % 25 / 2.0)));
                failures.AddRange((await Task.WhenAll(runs)).OfType<string>());
            }

            Assert.True(failures.Count == 0, $"{failures.Count} stops failed:\n{string.Join("\n", failures)}");
        }
        finally
        {
            ServerTools.DeleteDirectory(root);
        }
    }

    private static async Task<string?> StopNearSaveAsync(string dir, TimeSpan stopAfter)
    {
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "redis.log");
        await File.WriteAllTextAsync(log, "1:M 21 Nov 2025 15:27:01.123 * Ready to accept connections\n");
        var sources = Enumerable.Range(0, 20).Select(i => new SourceSpec(LogKind.RedisRun, log, $"n{i}")).ToList();
        var host = new CollectorHost(sources, new AcceptingSink(), Path.Combine(dir, "checkpoints.json"), 1 << 20, new QuietCollectorEvents(), TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await Task.Delay(stopAfter);
        await stop.CancelAsync();
        try
        {
            await run;
            return null;
        }
        catch (Exception ex) when (ex is IOException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private sealed class AcceptingSink : IBatchSink
    {
        public Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct) => Task.FromResult(new BatchResult(true, chunk.End));

        public Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct) => Task.CompletedTask;
    }
}
