using System.Globalization;
using DbLogs.Core.Files;

namespace DbLogs.Storage.Segments;

public sealed partial class SegmentStore
{
    /// <summary>The sources that have a stream directory (also those a data directory of an older version left).</summary>
    public IReadOnlyList<long> SourceIds() =>
        !Directory.Exists(root) ? [] :
        [.. Directory.EnumerateDirectories(root)
            .Select(d => long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)];

    /// <summary>
    /// Removes what an interrupted compaction (or <see cref="Decompress"/>) left: a <c>.tmp</c> file, or a raw segment whose compressed form was
    /// already renamed into place (that form is whole; the raw one was about to be deleted). Call before compacting.
    /// </summary>
    public void RemoveCompactionLeftovers(long sourceId)
    {
        var directory = SourceDirectory(sourceId);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var temp in Directory.EnumerateFiles(directory, "*" + SegmentCompression.TempSuffix))
        {
            File.Delete(temp);
        }

        foreach (var compressed in Directory.EnumerateFiles(directory, "*" + CompressedExtension))
        {
            File.Delete(Path.ChangeExtension(compressed, Extension));
        }
    }

    /// <summary>
    /// Compresses the first sealed raw segment (full, or followed by a later one: appends never reach it again) that
    /// holds committed bytes only, then deletes the raw one; false when there is none. Bytes past
    /// <paramref name="committedLength"/> may still be cut off by <see cref="TruncateTo"/>, so their segment stays raw.
    /// </summary>
    public bool CompactOne(long sourceId, long committedLength)
    {
        var segments = Segments(sourceId);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var sealedSegment = i + 1 < segments.Count || segment.Length >= segmentBytes;
            if (segment.Compressed || !sealedSegment || segment.Start + segment.Length > committedLength)
            {
                continue;
            }

            var target = Path.ChangeExtension(segment.Path, CompressedExtension);
            var length = SegmentCompression.Compress(segment.Path, target, frameBytes, level);
            if (length != segment.Length)
            {
                File.Delete(target);
                throw new IOException($"Segment {segment.Path} changed while it was compressed ({segment.Length} then {length} bytes).");
            }

            _seekTables.TryRemove(target, out _); // read anew from the file just written
            File.Delete(segment.Path);
            DurableFile.SyncDirectory(SourceDirectory(sourceId));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Replaces a compressed segment by a raw one of its first <paramref name="keep"/> bytes, when the committed length
    /// falls inside it: a metadata store that lost its last commits (restored from a backup, or PostgreSQL with
    /// synchronous_commit off) after they were compacted. The raw file is whole before the compressed one goes; a crash
    /// in between leaves both, the compressed one is read, and the next <see cref="TruncateTo"/> does this again.
    /// </summary>
    private void Decompress(Segment segment, long keep)
    {
        DurableFile.Replace(Path.ChangeExtension(segment.Path, Extension), output =>
        {
            using var input = new CompressedSegmentStream(segment.Path, segment.Table!, 0, keep);
            input.CopyTo(output);
        });
        File.Delete(segment.Path);
        _seekTables.TryRemove(segment.Path, out _);
        DurableFile.SyncDirectory(Path.GetDirectoryName(segment.Path)!);
    }
}
