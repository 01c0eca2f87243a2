using System.Text;
using DbLogs.Collection.Agent;
using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Tests.Collection.Agent;

/// <summary>
/// The collector sends the next chunk of a file before the answer to the one before (<see cref="SourceCollector.InFlight"/>),
/// never a file's first chunk alongside another, and whatever order the sends arrive in, the stored file is the written one.
/// </summary>
public sealed class CollectorInFlightTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-inflight-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chunks_overlap_up_to_the_in_flight_limit_and_the_file_is_stored_exactly_whatever_order_they_arrive_in(bool reorder)
    {
        var log = Path.Combine(_dir, "redis.log");
        var text = Lines(0, 300_000);
        await File.WriteAllTextAsync(log, text);
        var sink = await ShipAsync(log, text.Length, reorder);

        Assert.Equal(text, Encoding.ASCII.GetString(Assert.Single(sink.Files.Values).ToArray()));
        Assert.Equal(SourceCollector.InFlight, sink.MostAtOnce);
        Assert.False(sink.FirstChunkOverlapped, "a file's first chunk was sent while another send was in flight");
        Assert.True(!reorder || sink.Refused > 0, "no send arrived before the one it follows: the reordering was not exercised");
    }

    [Fact]
    public async Task A_rewind_near_a_files_end_sends_the_next_file_read_ahead_again_from_its_first_byte()
    {
        var log = Path.Combine(_dir, "redis.log");
        var rotated = Lines(0, 200_000);
        var live = Lines(1_000_000, 200_000);
        await File.WriteAllTextAsync(log + ".1", rotated);
        await File.WriteAllTextAsync(log, live);
        var sink = await ShipAsync(log, rotated.Length + live.Length, reorder: true);

        Assert.True(sink.Refused > 0, "no send was refused: no rewind was exercised");
        Assert.Equal([rotated, live], sink.Order.Select(id => Encoding.ASCII.GetString([.. sink.Files[id]])));
    }

    private static string Lines(int first, int length)
    {
        var text = new StringBuilder();
        for (var i = first; text.Length < length; i++)
        {
            text.Append(FormattableString.Invariant($"1:M 21 Nov 2026 15:27:{i % 60:00}.123 * line {i} {new string('x', i % 97)}\n"));
        }

        return text.ToString();
    }

    /// <summary>Runs a collector of the log until it shipped <paramref name="bytes"/> (or a minute passed), then stops it.</summary>
    private async Task<ServiceModelSink> ShipAsync(string log, long bytes, bool reorder)
    {
        var sink = new ServiceModelSink(reorder);
        using var stop = new CancellationTokenSource();
        var host = new CollectorHost([new SourceSpec(LogKind.RedisRun, log, "n1")], sink, Path.Combine(_dir, "checkpoint.json"), 4096,
            new QuietCollectorEvents(), TimeProvider.System);
        var run = host.RunAsync(stop.Token);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (host.Collectors.Sum(c => c.ShippedBytes) < bytes && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        return sink;
    }

    /// <summary>
    /// Stores as the service does: a file's first batch at whatever offset it starts, later ones only from its end (else refused with
    /// the end). With <c>reorder</c>, every other send is held back a little, so the one after it often arrives first.
    /// </summary>
    private sealed class ServiceModelSink(bool reorder) : IBatchSink
    {
        private readonly Lock _gate = new();
        private int _sending;
        private int _sends;
        private bool _firstInFlight;

        public Dictionary<string, List<byte>> Files { get; } = [];

        /// <summary>File ids in the order their first batch was stored.</summary>
        public List<string> Order { get; } = [];

        public int MostAtOnce { get; private set; }

        public bool FirstChunkOverlapped { get; private set; }

        public int Refused { get; private set; }

        public async Task<BatchResult> SendAsync(SourceSpec source, FileChunk chunk, CancellationToken ct)
        {
            int send;
            lock (_gate)
            {
                send = ++_sends;
                _sending++;
                MostAtOnce = Math.Max(MostAtOnce, _sending);
                FirstChunkOverlapped |= _firstInFlight || (chunk.Offset == 0 && _sending > 1);
                _firstInFlight |= chunk.Offset == 0;
            }

            try
            {
                await Task.Delay(reorder && send % 2 == 0 ? 15 : 2, ct);
                lock (_gate)
                {
                    if (!Files.TryGetValue(chunk.FileId, out var stored))
                    {
                        Files[chunk.FileId] = stored = [];
                        Order.Add(chunk.FileId);
                        stored.AddRange(new byte[chunk.Offset]); // not expected: the first batch starts at 0 here
                    }

                    if (chunk.Offset > stored.Count)
                    {
                        Refused++;
                        return new BatchResult(false, stored.Count);
                    }

                    stored.AddRange(chunk.Data.Span[(int)Math.Min(chunk.Data.Length, stored.Count - chunk.Offset)..].ToArray());
                    return new BatchResult(true, stored.Count);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _sending--;
                    _firstInFlight &= chunk.Offset != 0;
                }
            }
        }

        public Task ReportGapAsync(SourceSpec source, SourceGap gap, CancellationToken ct) => Task.CompletedTask;
    }
}
