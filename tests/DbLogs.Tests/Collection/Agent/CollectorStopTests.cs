using System.Diagnostics;
using DbLogs.Collection.Agent;
using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Tests.Collection.Agent;

/// <summary>
/// Found in CI: an agent stopped right after the service stored its last batch saved a checkpoint short of it,
/// because stopping cancelled the request whose answer was on its way.
/// </summary>
public sealed class CollectorStopTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-stop-").FullName;
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task A_send_in_flight_when_the_agent_stops_is_answered_and_acknowledged_in_the_saved_checkpoint()
    {
        var sink = new HeldSink();
        var (run, length) = await StopWhileSendingAsync(sink);
        await Task.Delay(200);
        sink.Answer.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(length, SavedOffset());
    }

    [Fact]
    public async Task A_send_that_gets_no_answer_holds_the_stop_no_longer_than_the_grace_and_stays_unacknowledged()
    {
        var sink = new HeldSink();
        var (run, _) = await StopWhileSendingAsync(sink);
        var stopping = Stopwatch.StartNew();
        await run.WaitAsync(SourceCollector.StopGrace + TimeSpan.FromSeconds(3));

        // The grace is waited out in full (the answer might still come), then no longer than scheduling slack.
        Assert.InRange(stopping.Elapsed, SourceCollector.StopGrace - TimeSpan.FromMilliseconds(100), SourceCollector.StopGrace + TimeSpan.FromSeconds(3));
        Assert.True(sink.Abandoned, "the send was not cancelled at the end of the grace");
        Assert.Equal(0, SavedOffset());
    }

    public void Dispose()
    {
        _stop.Dispose();
        ServerTools.DeleteDirectory(_dir);
    }

    /// <summary>Collects a one-line log into <paramref name="sink"/> and stops the host while the line's send is in flight.</summary>
    /// <returns>The host's run, and the log's length.</returns>
    private async Task<(Task Run, long Length)> StopWhileSendingAsync(HeldSink sink)
    {
        var log = Path.Combine(_dir, "redis.log");
        const string text = "1:M 21 Nov 2026 15:27:01.123 * Ready to accept connections\n";
        await File.WriteAllTextAsync(log, text);
        var host = new CollectorHost([new SourceSpec(LogKind.RedisRun, log, "n1")], sink,
            Path.Combine(_dir, "checkpoint.json"), 1 << 20, new QuietCollectorEvents(), TimeProvider.System);
        var run = host.RunAsync(_stop.Token);
        await sink.InFlight.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _stop.CancelAsync();
        return (run, text.Length);
    }

    private long SavedOffset() => CheckpointFile.Load(Path.Combine(_dir, "checkpoint.json")).Values.Single().Files.Sum(f => f.Offset);

    /// <summary>Stores each chunk at once but holds its answer until the test releases it.</summary>
    private sealed class HeldSink : IBatchSink
    {
        public TaskCompletionSource InFlight { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Abandoned { get; private set; }

        public async Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct)
        {
            InFlight.TrySetResult();
            try
            {
                await Answer.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Abandoned = true;
                throw;
            }

            return new BatchResult(true, chunk.End);
        }

        public Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct) => Task.CompletedTask;
    }
}
