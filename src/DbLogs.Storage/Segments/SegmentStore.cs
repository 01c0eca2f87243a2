using System.Collections.Concurrent;
using System.Globalization;
using DbLogs.Core.Files;

namespace DbLogs.Storage.Segments;

/// <summary>
/// Append-only byte streams, one per source, kept as segment files <c>{root}/{source}/{start:D20}.seg</c>.
/// The metadata store records how long each stream is; bytes past that (a write the metadata never
/// committed, e.g. the service was killed in between) are cut off by <see cref="TruncateTo"/> at start-up.
/// A sealed segment is later replaced by its compressed form <c>{start:D20}.zst</c> (see <see cref="CompactOne"/>);
/// readers take either.
/// </summary>
public sealed partial class SegmentStore(
    string root,
    long segmentBytes = SegmentStore.DefaultSegmentBytes,
    int frameBytes = SegmentStore.DefaultFrameBytes,
    int level = SegmentStore.DefaultLevel) : IStreamStore
{
    // 16 MiB: the raw tail a stream keeps until its segment is sealed costs at most this much uncompressed.
    public const long DefaultSegmentBytes = 16L << 20;
    // 1 MiB frames: 256 KiB ones compress 4 % worse, 4 MiB ones make a 1 MB Range read decompress up to 8 MiB.
    public const int DefaultFrameBytes = 1 << 20;
    // Level 1: on the bench's run and audit logs it compresses as well as 3 (x10.5 and x6.3 with 1 MiB frames) for less CPU.
    public const int DefaultLevel = 1;
    private const string Extension = ".seg";
    private const string CompressedExtension = ".zst";

    // Compressed segments never change, so their seek tables are kept once read (dropped when TruncateTo deletes one).
    private readonly ConcurrentDictionary<string, SeekTable> _seekTables = new();

    /// <summary>How long a segment grows before it is sealed (and can be compressed).</summary>
    public long SegmentBytes => segmentBytes;

    /// <summary>Writes <paramref name="data"/> at <paramref name="at"/>, which must be the stream's end, and flushes it to disk
    /// (with the directory entry of a segment it creates).</summary>
    public void Append(long sourceId, long at, ReadOnlySpan<byte> data)
    {
        using var written = Write(sourceId, at, data);
        written.Sync();
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="at"/> as <see cref="Append"/> does, but leaves flushing it to disk to the
    /// answer's <see cref="PendingAppend.Sync"/>: the next append may write while this one's bytes go to the disk.
    /// </summary>
    public PendingAppend Write(long sourceId, long at, ReadOnlySpan<byte> data)
    {
        var segments = Segments(sourceId);
        var physical = segments.Count == 0 ? 0 : segments[^1].Start + segments[^1].Length;
        if (physical != at)
        {
            if (physical < at)
            {
                throw new InvalidOperationException($"Stream {sourceId} holds {physical} bytes on disk but {at} were committed.");
            }

            TruncateTo(sourceId, at);
            segments = Segments(sourceId);
        }

        var directory = SourceDirectory(sourceId);
        if (!Directory.Exists(directory))
        {
            OwnerOnly.CreateDirectory(directory);
            DurableFile.SyncDirectory(root);
        }

        var written = new WrittenFiles();
        var created = false;
        try
        {
            while (!data.IsEmpty)
            {
                var last = segments.Count == 0 ? null : segments[^1];
                if (last is null || last.Compressed || last.Length >= segmentBytes)
                {
                    last = new Segment(at, 0, SegmentPath(sourceId, at));
                    segments.Add(last);
                    created = true;
                }

                var room = (int)Math.Min(data.Length, segmentBytes - last.Length);
                var stream = new FileStream(last.Path, OwnerOnly.WriteOptions(FileMode.Append, FileShare.Read, bufferSize: 1));
                written.Files.Add(stream);
                stream.Write(data[..room]);
                segments[^1] = last with { Length = last.Length + room };
                at += room;
                data = data[room..];
            }
        }
        catch
        {
            written.Dispose();
            throw;
        }

        return new PendingAppend(null, () => written.Sync(created ? directory : null), written);
    }

    /// <summary>The segment files one append wrote, open until their bytes are flushed to disk.</summary>
    private sealed class WrittenFiles : IDisposable
    {
        public List<FileStream> Files { get; } = [];

        public void Sync(string? createdIn)
        {
            foreach (var file in Files)
            {
                file.Flush(flushToDisk: true);
            }

            if (createdIn is not null)
            {
                DurableFile.SyncDirectory(createdIn); // else a power cut could lose the new file the metadata is about to count
            }
        }

        public void Dispose() => Files.ForEach(f => f.Dispose());
    }

    public Task<string?> AppendAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        Append(sourceId, at, data.Span);
        return Task.FromResult<string?>(null);
    }

    public Task<PendingAppend> WriteAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default) =>
        Task.FromResult(Write(sourceId, at, data.Span));

    public Task<Stream> OpenReadAsync(long sourceId, long start, long end, CancellationToken ct = default) =>
        Task.FromResult(OpenRead(sourceId, start, end));

    public Task RecoverAsync(long sourceId, long committedLength, CancellationToken ct = default)
    {
        if (PhysicalLength(sourceId) > committedLength)
        {
            TruncateTo(sourceId, committedLength);
        }

        return Task.CompletedTask;
    }

    /// <summary>Cuts the stream back to <paramref name="length"/> bytes (the committed length after a crash).</summary>
    public void TruncateTo(long sourceId, long length)
    {
        foreach (var segment in Segments(sourceId))
        {
            if (segment.Start >= length && !(segment.Start == 0 && length == 0 && segment.Length == 0))
            {
                File.Delete(segment.Path);
                _seekTables.TryRemove(segment.Path, out _);
            }
            else if (segment.Start + segment.Length > length)
            {
                if (segment.Compressed)
                {
                    Decompress(segment, length - segment.Start);
                    continue;
                }

                using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Write);
                stream.SetLength(length - segment.Start);
                stream.Flush(flushToDisk: true);
            }
        }
    }

    /// <summary>The bytes on disk, which may exceed the committed length after a crash.</summary>
    public long PhysicalLength(long sourceId)
    {
        var segments = Segments(sourceId);
        return segments.Count == 0 ? 0 : segments[^1].Start + segments[^1].Length;
    }

    /// <summary>Streams bytes [start, end) of a source from disk, across segments.</summary>
    public Stream OpenRead(long sourceId, long start, long end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        return new SegmentReadStream(() => Segments(sourceId), start, end);
    }

    private string SourceDirectory(long sourceId) => Path.Combine(root, sourceId.ToString(CultureInfo.InvariantCulture));

    private string SegmentPath(long sourceId, long start) =>
        Path.Combine(SourceDirectory(sourceId), start.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    private List<Segment> Segments(long sourceId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return ListSegments(sourceId);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
                // A raw segment was compacted (its .zst renamed in, the .seg deleted) while the directory was read.
            }
        }
    }

    private List<Segment> ListSegments(long sourceId)
    {
        var directory = SourceDirectory(sourceId);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var byStart = new Dictionary<long, Segment>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var extension = Path.GetExtension(path);
            var compressed = extension == CompressedExtension;
            if ((compressed || extension == Extension)
                && long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && !(byStart.TryGetValue(start, out var seen) && seen.Compressed))
            {
                // Both forms of one segment exist only between a compaction's rename and its delete: the compressed one is whole.
                var table = compressed ? _seekTables.GetOrAdd(path, ReadSeekTable) : null;
                byStart[start] = new Segment(start, table?.RawLength ?? new FileInfo(path).Length, path, table);
            }
        }

        var segments = byStart.Values.ToList();
        segments.Sort((a, b) => a.Start.CompareTo(b.Start));
        return segments;
    }

    private static SeekTable ReadSeekTable(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return SeekTable.Read(file, path);
    }

    /// <summary>A segment file; <paramref name="Table"/> is the seek table of a compressed one.</summary>
    internal sealed record Segment(long Start, long Length, string Path, SeekTable? Table = null)
    {
        public bool Compressed => Table is not null;
    }
}
