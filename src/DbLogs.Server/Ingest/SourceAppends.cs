using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>
/// One source's appends, in order. A batch writes its bytes under <see cref="Gate"/>, then lets the next batch write after them while
/// its own go to the disk; it commits only once the batch before it has, and not at all if that one failed, so the commits keep the
/// order of the writes and no batch commits bytes that follow bytes which were not stored.
/// </summary>
internal sealed class SourceAppends
{
    private static readonly Task<bool> NoneInFlight = Task.FromResult(true);
    private Task<bool> _last = NoneInFlight;
    private StreamEnd? _end;

    /// <summary>Held while a batch reads where the stream ends and writes its bytes there.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Where the last batch written leaves the source and its file (committed, or still to be by a batch in flight); null when it must be
    /// read from the store, which is done only once every batch in flight has settled (<see cref="SettleAsync"/>).
    /// </summary>
    public StreamEnd? End
    {
        get => Volatile.Read(ref _end);
        set => Volatile.Write(ref _end, value);
    }

    /// <summary>Sets <see cref="End"/> to <paramref name="value"/> only if it is still <paramref name="expected"/>.</summary>
    public void ReplaceEnd(StreamEnd expected, StreamEnd value) => Interlocked.CompareExchange(ref _end, value, expected);

    /// <summary>Under the gate: the batch about to write takes its turn after the last one.</summary>
    public AppendTurn Enter()
    {
        var turn = new AppendTurn(_last);
        _last = turn.Done;
        return turn;
    }

    /// <summary>
    /// Under the gate: waits until every batch that has written has committed or failed. The next batch then follows what the store
    /// holds, not those batches, so it commits whether or not the last of them did.
    /// </summary>
    public async Task SettleAsync()
    {
        await _last;
        _last = NoneInFlight;
    }
}

/// <summary>Where a stream ends after a batch: the source and the record of the file the batch was of.</summary>
internal sealed record StreamEnd(SourceRecord Source, SourceFileRecord? File);

/// <summary>A batch's place in its source's order of commits (<see cref="SourceAppends"/>).</summary>
internal sealed class AppendTurn(Task<bool> previous)
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the batch has committed, false once it has failed; never before the batch before it has settled.</summary>
    public Task<bool> Done => _done.Task;

    /// <summary>Whether the batch before this one committed (it never throws).</summary>
    public Task<bool> Previous => previous;

    public void Committed() => _done.SetResult(true);

    /// <summary>The batch will not commit: said once the batch before it has settled, so that settling stays in order.</summary>
    public async Task FailedAsync()
    {
        await previous;
        _done.TrySetResult(false);
    }
}

/// <summary>The batch before this one of the source was not stored, so this one, written after it, cannot be committed.</summary>
internal sealed class EarlierBatchNotStoredException(long sourceId)
    : Exception($"Source {sourceId}: the batch written before this one was not stored.");
