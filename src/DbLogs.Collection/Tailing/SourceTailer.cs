using DbLogs.Core.Logs;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// Reads one source's files as chunks of whole lines, oldest file first, each to its end before the next, and keeps
/// what the service acknowledged as the checkpoint. Synchronous; call it from one loop.
/// </summary>
public sealed class SourceTailer : IDisposable
{
    // While a file still has bytes the directory is listed at most this often; when nothing is left, on every call.
    internal static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    private readonly FileTracker _files;
    private readonly ChunkReader _reader;
    private readonly TimeProvider _clock;
    private DateTimeOffset? _lastScan;

    /// <param name="checkpoint">Where the previous run stopped; null on first start (every file is read from its beginning).</param>
    public SourceTailer(SourceSpec spec, SourceCheckpoint? checkpoint, TimeProvider clock)
        : this(spec, checkpoint, clock, RotatedFiles.Discover)
    {
    }

    /// <param name="discover">Lists the source's files (tests stand in a listing that raced a rename).</param>
    /// <param name="open">Opens a file the listing found (tests stand in an open that raced a rename).</param>
    internal SourceTailer(SourceSpec spec, SourceCheckpoint? checkpoint, TimeProvider clock, Func<string, List<RotatedFile>> discover,
        Func<string, bool, OpenLogFile?>? open = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(clock);
        Libc.EnsureSupported();
        Spec = spec;
        _clock = clock;
        _files = new FileTracker(spec, checkpoint, clock, discover, open ?? OpenLogFile.TryOpen);
        _reader = new ChunkReader(_files.ConfirmRead);
    }

    public SourceSpec Spec { get; }

    /// <summary>Only acknowledged state: a restart from it re-reads everything the service did not confirm.</summary>
    public SourceCheckpoint Checkpoint => new([.. _files.Files.Select(f => f.ToCheckpoint())]);

    /// <summary>
    /// The next bytes to ship, or null when nothing is new right now. The read position runs ahead of
    /// acknowledgements, so several chunks may be in flight.
    /// </summary>
    /// <param name="maxBytes">Chunk size limit; a single longer line is shipped whole.</param>
    public FileChunk? ReadNext(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var now = _clock.GetUtcNow();
        var scanned = false;
        if (_lastScan is not { } last || now - last >= ScanInterval)
        {
            Scan(now);
            scanned = true;
        }

        var chunk = ReadFirstUnfinished(maxBytes);
        if (chunk is null && !scanned)
        {
            Scan(now);
            chunk = ReadFirstUnfinished(maxBytes);
        }

        return chunk;
    }

    /// <summary>The service holds the file up to <paramref name="storedOffset"/>.</summary>
    public void Acknowledge(string fileId, long storedOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(storedOffset);
        if (_files.Find(fileId) is not { } file)
        {
            return;
        }

        file.Acknowledged(storedOffset);
    }

    /// <summary>
    /// The service holds less than was sent: read the file again from <paramref name="storedOffset"/>. Every chunk read
    /// and not acknowledged is taken as dropped with it (the collector ships none read before a rewind), so the files read
    /// ahead after it are read again from what the service acknowledged: each file's first chunk must reach the service
    /// first, since the service begins a file at whatever offset its first batch starts.
    /// </summary>
    public void Rewind(string fileId, long storedOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(storedOffset);
        foreach (var file in _files.Files)
        {
            _files.ReportGap(file, file.Rewound(file.Id == fileId ? storedOffset : file.AckedOffset), GapReasons.RotatedAway);
        }
    }

    /// <summary>Bytes that can no longer be read, found since the last call.</summary>
    public IReadOnlyList<SourceGap> TakeGaps() => _files.TakeGaps();

    public void Dispose()
    {
        _files.Dispose();
        _reader.Dispose();
    }

    private void Scan(DateTimeOffset now)
    {
        _lastScan = now;
        _files.Scan();
    }

    private FileChunk? ReadFirstUnfinished(int maxBytes)
    {
        foreach (var file in _files.Files)
        {
            if (file.DoneReading)
            {
                continue;
            }

            if (file.Source is not { } source)
            {
                return null; // not found yet: the next scan decides
            }

            if (!_files.MayStart(file))
            {
                return null;
            }

            var chunk = _reader.Read(file, source, maxBytes, out var lost);
            _files.ReportGap(file, lost, GapReasons.Unreadable);
            if (chunk is not null || !file.DoneReading)
            {
                return chunk; // a file is shipped to its end before the next one starts
            }
        }

        return null;
    }
}
