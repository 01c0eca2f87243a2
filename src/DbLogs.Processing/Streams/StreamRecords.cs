using System.Buffers;
using System.Runtime.CompilerServices;

namespace DbLogs.Processing.Streams;

/// <summary>
/// One record of a stream as its classifier delimits it: its start line and the lines after it that start no record.
/// <see cref="Bytes"/> is only valid until the enumeration moves on.
/// </summary>
/// <param name="Offset">Stream position of the record's first byte.</param>
/// <param name="End">Stream position just after its last '\n'.</param>
/// <param name="StartsWithRecordLine">False for lines at the start of the read that continue a record before it.</param>
/// <param name="Time">The first time a line of the record carries.</param>
/// <param name="NextTime">The time of the line that started the next record; null for the last record.</param>
/// <param name="IsLast">Nothing followed it yet: it may still grow.</param>
public readonly record struct StreamRecord(
    long Offset,
    long End,
    ReadOnlyMemory<byte> Bytes,
    bool StartsWithRecordLine,
    DateTimeOffset? Time,
    DateTimeOffset? NextTime,
    bool IsLast);

public static class StreamRecords
{
    /// <summary>
    /// Reads <paramref name="stream"/> (whose first byte is at stream position <paramref name="baseOffset"/>) and yields
    /// its records in order. Only whole lines count: bytes after the last '\n' belong to no record.
    /// </summary>
    public static async IAsyncEnumerable<StreamRecord> ReadAsync(Stream stream, long baseOffset, IRecordClassifier classifier,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(classifier);
        using var lines = new StreamLines(stream, baseOffset);
        using var record = new RecordBuffer();
        while (await lines.NextAsync(ct))
        {
            var info = classifier.Next(lines.Line.Span);
            if (info.StartsRecord && record.Length > 0)
            {
                yield return record.ToRecord(info.Time, isLast: false);
                record.Reset();
            }

            record.Add(lines.LineWithNewline.Span, lines.LineStart, info);
        }

        if (record.Length > 0)
        {
            yield return record.ToRecord(null, isLast: true);
        }
    }

    /// <summary>The lines of the record being assembled, in a pooled buffer that grows as needed.</summary>
    private sealed class RecordBuffer : IDisposable
    {
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);
        private long _offset;
        private bool _startsWithRecordLine;
        private DateTimeOffset? _time;

        public int Length { get; private set; }

        public void Add(ReadOnlySpan<byte> line, long at, LineInfo info)
        {
            if (Length == 0)
            {
                _offset = at;
                _startsWithRecordLine = info.StartsRecord;
            }

            _time ??= info.Time;
            if (Length + line.Length > _bytes.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + line.Length));
                _bytes.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = bigger;
            }

            line.CopyTo(_bytes.AsSpan(Length));
            Length += line.Length;
        }

        public StreamRecord ToRecord(DateTimeOffset? nextTime, bool isLast) =>
            new(_offset, _offset + Length, _bytes.AsMemory(0, Length), _startsWithRecordLine, _time, nextTime, isLast);

        public void Reset()
        {
            Length = 0;
            _time = null;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_bytes);
    }
}
