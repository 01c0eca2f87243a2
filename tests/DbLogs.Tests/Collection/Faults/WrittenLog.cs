using System.Buffers;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>
/// Everything one source's writer wrote, in write order (which is the order of the source's files, oldest first),
/// where each byte went (file and offset), and the copytruncate blind spots: bytes written after logrotate's copy and
/// before its truncate, which are in no file any more.
/// </summary>
internal sealed class WrittenLog
{
    private readonly ArrayBufferWriter<byte> _bytes = new(1 << 20);
    private readonly List<Segment> _segments = [];
    private readonly List<(long Start, long End)> _blindSpots = [];
    private readonly Lock _gate = new();

    /// <param name="WrittenStart">Offset in the written bytes where this run of bytes begins.</param>
    /// <param name="File">The file the bytes went to, e.g. <c>file #3 (inode 1234)</c>.</param>
    /// <param name="FileOffset">Offset in that file of the first byte.</param>
    public sealed record Segment(long WrittenStart, string File, long FileOffset);

    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _bytes.WrittenCount;
            }
        }
    }

    public long Lines { get; private set; }

    public IReadOnlyList<(long Start, long End)> BlindSpots
    {
        get
        {
            lock (_gate)
            {
                return [.. _blindSpots];
            }
        }
    }

    public long BlindSpotBytes => BlindSpots.Sum(b => b.End - b.Start);

    public void Append(ReadOnlySpan<byte> data, string file, long fileOffset)
    {
        lock (_gate)
        {
            var last = _segments.Count == 0 ? null : _segments[^1];
            if (last is null || last.File != file || last.FileOffset + (_bytes.WrittenCount - last.WrittenStart) != fileOffset)
            {
                _segments.Add(new Segment(_bytes.WrittenCount, file, fileOffset));
            }

            _bytes.Write(data);
            Lines++;
        }
    }

    /// <summary>Written bytes [<paramref name="start"/>, <paramref name="end"/>) were in the live file only between the copy and the truncate.</summary>
    public void AddBlindSpot(long start, long end)
    {
        lock (_gate)
        {
            if (end > start)
            {
                _blindSpots.Add((start, end));
            }
        }
    }

    public byte[] ToArray()
    {
        lock (_gate)
        {
            return _bytes.WrittenSpan.ToArray();
        }
    }

    /// <summary>Where written byte <paramref name="offset"/> went, for diagnoses.</summary>
    public string Locate(long offset)
    {
        lock (_gate)
        {
            var index = _segments.FindLastIndex(s => s.WrittenStart <= offset);
            if (index < 0)
            {
                return "before the first write";
            }

            var segment = _segments[index];
            var spot = _blindSpots.FindIndex(b => b.Start <= offset && offset < b.End);
            return $"{segment.File} at offset {segment.FileOffset + (offset - segment.WrittenStart)}" +
                (spot >= 0 ? $" (in copytruncate blind spot [{_blindSpots[spot].Start}, {_blindSpots[spot].End}))" : "");
        }
    }
}
