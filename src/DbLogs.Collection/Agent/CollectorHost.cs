using DbLogs.Collection.Shipping;
using DbLogs.Collection.Tailing;

namespace DbLogs.Collection.Agent;

/// <summary>
/// Runs one <see cref="SourceCollector"/> per source and saves their acknowledged checkpoints to one file,
/// every <see cref="SaveInterval"/> and at shutdown. A checkpoint may lag what the service holds; the service
/// skips what it already has, so a restart from an older checkpoint re-sends without duplicating.
/// </summary>
public sealed class CollectorHost(IReadOnlyList<SourceSpec> sources, IBatchSink sink, string checkpointPath, int batchBytes,
    ICollectorEvents events, TimeProvider clock)
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _saveGate = new();
    private IReadOnlyList<SourceCollector> _collectors = [];

    /// <summary>The running collectors, one per source (none before <see cref="RunAsync"/> started them).</summary>
    public IReadOnlyList<SourceCollector> Collectors => Volatile.Read(ref _collectors);

    public async Task RunAsync(CancellationToken ct)
    {
        var saved = CheckpointFile.Load(checkpointPath);
        var tailers = sources.Select(s => new SourceTailer(s, saved.GetValueOrDefault(s.Key), clock)).ToList();
        try
        {
            var collectors = tailers.Select(t => new SourceCollector(t, sink, events, batchBytes, SaveNow)).ToList();
            _collectors = collectors;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var running = collectors.Select(c => c.RunAsync(stop.Token)).ToList();
            var saving = SaveLoopAsync(collectors, stop.Token);
            try
            {
                await Task.WhenAny(Task.WhenAll(running), saving);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(running);
                await saving; // a periodic save still writing would race the final one on the same temp file
                Save(collectors);
            }
        }
        finally
        {
            foreach (var tailer in tailers)
            {
                tailer.Dispose();
            }
        }
    }

    private async Task SaveLoopAsync(IReadOnlyList<SourceCollector> collectors, CancellationToken ct)
    {
        var trimmer = new IdleMemoryTrimmer();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(SaveInterval, ct);
                SaveNow(); // on failure the next tick tries again; collection goes on
                trimmer.Observe(collectors.Sum(c => c.ShippedBytes));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private bool SaveNow()
    {
        try
        {
            Save(_collectors);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            events.CheckpointFailed(ex);
            return false;
        }
    }

    private void Save(IReadOnlyList<SourceCollector> collectors)
    {
        lock (_saveGate)
        {
            CheckpointFile.Save(checkpointPath, collectors.ToDictionary(c => c.Source.Key, c => c.Checkpoint));
        }
    }
}
