namespace DbLogs.Collection.Agent.Metrics;

/// <summary>
/// One source's counters for the agent's metrics, updated by its collector with interlocked adds and read when scraped.
/// Lag is the file's size when its last chunk was read minus what the service acknowledged of that file.
/// </summary>
public sealed class CollectorStats
{
    private readonly Lock _gate = new();
    private long _shippedBytes;
    private long _batches;
    private long _retries;
    private long _gaps;
    private long _gapBytes;
    private int _failing;
    private string? _file;
    private long _fileSize;
    private long _acknowledged;
    private DateTimeOffset? _lastAcknowledgedAt;

    public long ShippedBytes => Interlocked.Read(ref _shippedBytes);

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Sends that failed and were retried.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long Gaps => Interlocked.Read(ref _gaps);

    public long GapBytes => Interlocked.Read(ref _gapBytes);

    /// <summary>Whether shipping fails now (it is being retried) or the configured file is missing.</summary>
    public bool Failing => Volatile.Read(ref _failing) != 0;

    public void Read(string fileId, long fileSize)
    {
        lock (_gate)
        {
            if (_file != fileId)
            {
                (_file, _acknowledged) = (fileId, 0);
            }

            _fileSize = fileSize;
        }
    }

    public void Shipped(string fileId, long acknowledgedOffset, int bytes, DateTimeOffset now)
    {
        Interlocked.Add(ref _shippedBytes, bytes);
        Interlocked.Increment(ref _batches);
        lock (_gate)
        {
            if (_file == fileId)
            {
                _acknowledged = Math.Max(_acknowledged, acknowledgedOffset);
            }

            _lastAcknowledgedAt = now;
        }
    }

    public void SendFailed()
    {
        Interlocked.Increment(ref _retries);
        Volatile.Write(ref _failing, 1);
    }

    public void Healthy(bool healthy) => Volatile.Write(ref _failing, healthy ? 0 : 1);

    public void Gap(long bytes)
    {
        Interlocked.Increment(ref _gaps);
        Interlocked.Add(ref _gapBytes, bytes);
    }

    /// <summary>Bytes read but not acknowledged, and seconds since the last acknowledgement while there are any.</summary>
    public (long Bytes, double Seconds) Lag(DateTimeOffset now)
    {
        lock (_gate)
        {
            var bytes = Math.Max(0, _fileSize - _acknowledged);
            return (bytes, bytes > 0 && _lastAcknowledgedAt is { } at ? (now - at).TotalSeconds : 0);
        }
    }
}
