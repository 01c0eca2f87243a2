using System.Diagnostics;

namespace DbLogs.Bench;

/// <summary>
/// Ingest at full speed for as long as it is needed: an agent ships a run log that this class keeps ahead of what the
/// service has stored, by appending a pre-generated chunk of lines (the agent, not the writer, sets the pace).
/// </summary>
internal sealed class IngestLoad : IAsyncDisposable
{
    private const long ChunkBytes = 128L << 20;
    private readonly BenchService _service;
    private readonly string _instanceId;
    private readonly string _node;
    private readonly string _chunk;
    private readonly string _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task _feeding = Task.CompletedTask;
    private Process? _agent;
    private long _storedAtStart;

    private IngestLoad(BenchService service, string instanceId, string node)
    {
        _service = service;
        _instanceId = instanceId;
        _node = node;
        _chunk = Path.Combine(service.Dir, $"chunk-{node}.log");
        _log = Path.Combine(service.Dir, $"ingest-{node}.log");
    }

    /// <summary>Starts the agent of <paramref name="node"/>'s run log, sending to the service or to <paramref name="servers"/>.</summary>
    public static async Task<IngestLoad> StartAsync(BenchService service, string dblogs, string instanceId, string node,
        IReadOnlyList<string>? servers = null)
    {
        var load = new IngestLoad(service, instanceId, node);
        LogGenerator.Write(load._chunk, ChunkBytes);
        File.Copy(load._chunk, load._log);
        load._storedAtStart = await load.StoredBytesAsync();
        load._agent = await service.StartAgentAsync(dblogs, instanceId, node, load._log, servers);
        load._clock.Restart();
        load._feeding = load.FeedAsync(load._stop.Token);
        return load;
    }

    /// <summary>MB per second the service stored since the start, and whether the agent was still running.</summary>
    public async Task<double> MBpsAsync()
    {
        if (_agent is null || _agent.HasExited || _feeding.IsCompleted)
        {
            throw new InvalidOperationException("The ingest load stopped: the agent exited or the log could not be fed.", _feeding.Exception);
        }

        return (await StoredBytesAsync() - _storedAtStart) / 1024.0 / 1024.0 / _clock.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _feeding;
        }
        catch (OperationCanceledException)
        {
        }

        if (_agent is not null)
        {
            _service.Stop(_agent);
        }

        _stop.Dispose();
    }

    private Task<long> StoredBytesAsync() => _service.StoredBytesAsync(_instanceId, _node);

    private async Task FeedAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var stored = await StoredBytesAsync() - _storedAtStart;
            if (new FileInfo(_log).Length - stored < 2 * ChunkBytes)
            {
                await using var source = File.OpenRead(_chunk);
                await using var target = new FileStream(_log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1 << 20);
                await source.CopyToAsync(target, 1 << 20, ct);
            }
            else
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
