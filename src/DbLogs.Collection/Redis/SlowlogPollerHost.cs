namespace DbLogs.Collection.Redis;

/// <summary>Runs one <see cref="SlowlogPoller"/> per node and saves their cursors to one file after every stored batch.</summary>
/// <param name="mayPoll">Whether a node may be polled now (by its id); null: always.</param>
public sealed class SlowlogPollerHost(IReadOnlyList<SlowlogNode> nodes, ISlowlogSink sink, SlowlogSettings settings, string checkpointPath,
    ISlowlogEvents events, Func<string, CancellationToken, Task<bool>>? mayPoll = null)
{
    private readonly Lock _saveGate = new();

    public async Task RunAsync(CancellationToken ct)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        var saved = SlowlogCheckpointFile.Load(checkpointPath);
        var pollers = nodes.Select(n => new SlowlogPoller(n, sink, settings, saved.GetValueOrDefault(n.NodeId), events,
            mayPoll is null ? null : ct => mayPoll(n.NodeId, ct))).ToList();
        await Task.WhenAll(pollers.Select(p => p.RunAsync(() => Save(pollers), ct)));
        Save(pollers);
    }

    private void Save(IReadOnlyList<SlowlogPoller> pollers)
    {
        lock (_saveGate)
        {
            var cursors = new Dictionary<string, SlowlogCursor>(StringComparer.Ordinal);
            foreach (var poller in pollers)
            {
                if (poller.Cursor is { } cursor)
                {
                    cursors[poller.Node.NodeId] = cursor;
                }
            }

            try
            {
                SlowlogCheckpointFile.Save(checkpointPath, cursors);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The next stored batch saves again; a lost cursor only re-sends entries the service already has.
            }
        }
    }
}
