using System.Diagnostics;
using DbLogs.Core.Logs;
using DbLogs.Server.Tail;
using DbLogs.Tests.RealServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DbLogs.Tests.Tail;

/// <summary>
/// Live tails of a real redis-server's run log collected by the embedded collector: 100 clients each get every line in
/// order, with the line-written-to-event latency measured; a client that stops reading is dropped (its connection
/// closed, or a final <c>dropped</c> event) while ingest goes on at its speed.
/// </summary>
public sealed class RedisTailTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-redis-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task A_hundred_clients_each_get_every_line_redis_writes_in_order_within_two_seconds()
    {
        const int Clients = 100, Markers = 30;
        await using var service = await RedisTailService.StartAsync(_dir);
        var before = service.Lines().Count;
        var clients = new List<SseClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                clients.Add(await service.TailAsync());
            }

            var (received, latencies) = await TailLatency.MeasureAsync(clients, service.LogAsync, Markers);
            await service.CollectedAsync();
            var expected = service.Lines()[before..];
            foreach (var events in received)
            {
                Assert.Equal(expected, events.Select(e => e.Line));
            }

            Assert.All(received[0], e => Assert.NotNull(e.Time));
            output.WriteLine($"embedded collector, {Clients} clients: line written -> event {TailLatency.Describe(latencies)}");
            Assert.True(latencies[Markers / 2] < TimeSpan.FromSeconds(2), $"median latency {latencies[Markers / 2]}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_while_ingest_keeps_going_and_a_reading_client_gets_every_line()
    {
        const long Megabytes = 16;
        await using var service = await RedisTailService.StartAsync(_dir, "--LiveTail:WriteTimeout=00:00:02", "--LiveTail:MaxLagBytes=268435456");
        var baseline = await IngestAsync(service, Megabytes / 2, "baseline");

        var signals = service.App.Services.GetRequiredService<TailSignals>();
        var source = (await Collected.SourceAsync(service.App, LogKind.RedisRun))!;
        using var stalled = await service.TailAsync();
        using var reader = await service.TailAsync();
        var before = service.Lines().Count;
        var reading = TailLatency.ReadUntilAsync(reader, "the-end;");
        var loaded = await IngestAsync(service, Megabytes, "loaded");
        service.AppendLines(1, "the-end;");
        await service.CollectedAsync();
        output.WriteLine($"ingest of {Megabytes / 2} MB alone: {baseline.TotalMilliseconds:F0} ms; of {Megabytes} MB with a stalled and a reading tail: " +
            $"{loaded.TotalMilliseconds:F0} ms");

        Assert.Equal(service.Lines()[before..], (await reading).Select(e => e.Line));
        await TailWait.UntilAsync(() => signals.Open(source.Id) == 1, what: "the stalled client was not dropped");
        await AssertEndedAsync(stalled);
    }

    [Fact]
    public async Task A_client_that_falls_too_far_behind_gets_a_final_dropped_event()
    {
        await using var service = await RedisTailService.StartAsync(_dir, "--LiveTail:MaxLagBytes=65536", "--LiveTail:Heartbeat=00:00:00.200");
        var signals = service.App.Services.GetRequiredService<TailSignals>();
        var source = (await Collected.SourceAsync(service.App, LogKind.RedisRun))!;
        using var slow = await service.TailAsync();
        await Task.Delay(1000); // idle: heartbeats
        await IngestAsync(service, 1, "burst");
        await TailWait.UntilAsync(() => signals.Open(source.Id) == 0, what: "the client was not dropped");

        SseEvent? last = null;
        while (await slow.NextAsync() is { } next)
        {
            last = next;
        }

        Assert.True(slow.Comments >= 3, $"{slow.Comments} comments: the first and at least two heartbeats were expected");
        Assert.Equal("dropped", last?.Event);
        Assert.Contains("behind", last!.Data, StringComparison.Ordinal);
    }

    /// <summary>Appends <paramref name="megabytes"/> MB to the log and returns how long the service took to store it all.</summary>
    private static async Task<TimeSpan> IngestAsync(RedisTailService service, long megabytes, string tag)
    {
        var started = Stopwatch.StartNew();
        service.AppendLines(megabytes << 20, tag + " line");
        var length = new FileInfo(service.Redis.LogFile).Length;
        await TailWait.UntilAsync(async () => (await Collected.SourceAsync(service.App, LogKind.RedisRun))?.Length >= length,
            TimeSpan.FromSeconds(90), $"{megabytes} MB were not stored in 90 s");
        return started.Elapsed;
    }

    /// <summary>The server ended a stalled client's stream: reading what it had sent reaches an end (or a reset), never a timeout.</summary>
    private static async Task AssertEndedAsync(SseClient client)
    {
        try
        {
            while (await client.NextAsync() is not null)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
        }
    }
}
