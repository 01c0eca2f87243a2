using System.Collections.Concurrent;

namespace DbLogs.Server.Ingest;

/// <summary>
/// Lets a batch that arrives before the one it follows wait for it. An agent sends the next chunk of a file before the
/// answer to the one before (<c>SourceCollector.InFlight</c>), so the later one's body may be read first; it then waits,
/// up to <see cref="MaxWait"/>, for the source's next batch to end instead of being refused as past the stored end.
/// </summary>
internal sealed class BatchTurns
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<long, TaskCompletionSource> _ended = new();

    /// <summary>Waits while <paramref name="ahead"/> says the batch starts past what the source stores, until a batch ends or the wait is over.</summary>
    public async Task WaitAsync(long sourceId, Func<bool> ahead, CancellationToken ct)
    {
        var until = DateTime.UtcNow + MaxWait;
        while (true)
        {
            // Taken before the check: a batch that ends in between completes this one.
            var ended = _ended.GetOrAdd(sourceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            var left = until - DateTime.UtcNow;
            if (!ahead() || left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await ended.WaitAsync(left, ct);
            }
            catch (TimeoutException)
            {
                return; // the batch before never came: the caller answers with what the source stores
            }
        }
    }

    /// <summary>A batch of the source ended (stored or not).</summary>
    public void Ended(long sourceId)
    {
        if (_ended.TryRemove(sourceId, out var ended))
        {
            ended.TrySetResult();
        }
    }
}
