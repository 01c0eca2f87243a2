using System.Text;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>
/// Compares a source's stored stream with what its writer wrote. Outside copytruncate blind spots the two must be
/// equal byte for byte. Inside a blind spot the service holds a prefix of the spot's bytes (those the agent read from
/// the live file before the truncate, or found in the copy) and then goes on exactly where the spot ends.
/// </summary>
internal static class StreamAlignment
{
    private const int Probe = 256;
    private const int Context = 160;

    /// <param name="Matches">Whether the stream is exactly the written bytes less blind-spot bytes.</param>
    /// <param name="MissingInBlindSpots">Blind-spot bytes the service does not hold.</param>
    /// <param name="Diagnosis">On a mismatch: where, what, and the bytes around it.</param>
    public sealed record Result(bool Matches, long MissingInBlindSpots, string? Diagnosis);

    public static Result Compare(byte[] written, IReadOnlyList<(long Start, long End)> blindSpots, byte[] stored,
        Func<long, string> locateWritten, Func<long, string> locateStored)
    {
        long w = 0, s = 0, missing = 0;
        var spots = blindSpots.Append((written.Length, written.Length)).ToList();
        for (var i = 0; i < spots.Count; i++)
        {
            var (start, end) = spots[i];
            // Outside blind spots: byte for byte.
            var same = CommonPrefix(written, w, stored, s, start - w);
            if (same < start - w)
            {
                return Mismatch(written, blindSpots, w + same, stored, s + same, locateWritten, locateStored);
            }

            s += start - w;
            w = start;
            if (end == start)
            {
                continue;
            }

            // Inside: the longest prefix of the spot that the stream holds and after which it goes on at the spot's end.
            var held = CommonPrefix(written, start, stored, s, end - start);
            var resumed = -1L;
            for (var k = held; k >= 0 && resumed < 0; k--)
            {
                var next = Math.Min(Probe, spots[Math.Min(i + 1, spots.Count - 1)].Start - end);
                if (CommonPrefix(written, end, stored, s + k, next) == next && (end < written.Length || s + k == stored.Length))
                {
                    resumed = k;
                }
            }

            if (resumed < 0)
            {
                return Mismatch(written, blindSpots, end, stored, s + held, locateWritten, locateStored,
                    $"after copytruncate blind spot [{start}, {end}) of which the stream holds at most {held} bytes, it does not go on with the bytes after the spot. ");
            }

            missing += end - start - resumed;
            s += resumed;
            w = end;
        }

        if (s != stored.Length)
        {
            return Mismatch(written, blindSpots, w, stored, s, locateWritten, locateStored);
        }

        return new Result(true, missing, null);
    }

    /// <summary>Where stream byte <paramref name="at"/> is among the service's files of the source, for diagnoses.</summary>
    public static string LocateStored(IReadOnlyList<SourceFileRecord> files, long at)
    {
        var index = files.ToList().FindIndex(f => f.StreamStart <= at && at < f.StreamEnd);
        if (index < 0)
        {
            return "past the stored files";
        }

        var file = files[index];
        return $"service file #{index + 1} of {files.Count}, {file.FileId} ({Path.GetFileName(file.Path)}) at file offset " +
            $"{file.FileStart + (at - file.StreamStart)}, its stream range [{file.StreamStart}, {file.StreamEnd})";
    }

    private static long CommonPrefix(byte[] a, long aStart, byte[] b, long bStart, long length)
    {
        var n = (int)Math.Min(length, Math.Min(a.Length - aStart, b.Length - bStart));
        var first = a.AsSpan((int)aStart, n).CommonPrefixLength(b.AsSpan((int)bStart, n));
        return first;
    }

    private static Result Mismatch(byte[] written, IReadOnlyList<(long Start, long End)> blindSpots, long w, byte[] stored, long s,
        Func<long, string> locateWritten, Func<long, string> locateStored, string prefix = "")
    {
        var text = new StringBuilder(prefix);
        text.Append($"First difference at stream offset {s} of {stored.Length} ({locateStored(s)}) = written offset {w} of {written.Length} ");
        text.Append($"({(w < written.Length ? locateWritten(w) : "past the end of what was written")}).\n");
        if (s >= stored.Length)
        {
            text.Append($"GAP AT THE END: the stream stops; {written.Length - w} written bytes from {w} ({locateWritten(w)}) are not stored.\n");
        }
        else if (w >= written.Length)
        {
            text.Append($"EXTRA AT THE END: the stream holds {stored.Length - s} bytes more than was written.\n");
            Classify(written, w, stored, s, locateWritten, text);
        }
        else
        {
            Classify(written, w, stored, s, locateWritten, text);
        }

        text.Append("written around it: ").Append(Show(written, w)).Append('\n');
        text.Append("stored around it:  ").Append(Show(stored, s)).Append('\n');
        text.Append(Tally(written, blindSpots, stored)).Append('\n');
        return new Result(false, 0, text.ToString());
    }

    /// <summary>Over the whole stream, line by line: lines stored more often than written, written but not stored, stored but never written.</summary>
    private static string Tally(byte[] written, IReadOnlyList<(long Start, long End)> blindSpots, byte[] stored)
    {
        var counts = new Dictionary<string, (int Written, int Stored)>(StringComparer.Ordinal);
        var inSpots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, at) in Lines(written))
        {
            counts[line] = counts.TryGetValue(line, out var c) ? (c.Written + 1, c.Stored) : (1, 0);
            if (blindSpots.Any(b => at < b.End && b.Start < at + line.Length))
            {
                inSpots.Add(line);
            }
        }

        foreach (var (line, _) in Lines(stored))
        {
            counts[line] = counts.TryGetValue(line, out var c) ? (c.Written, c.Stored + 1) : (0, 1);
        }

        long duplicated = 0, duplicatedBytes = 0, missing = 0, missingBytes = 0, foreign = 0, foreignBytes = 0, spotted = 0;
        foreach (var (line, (w, s)) in counts)
        {
            if (w == 0)
            {
                foreign += s;
                foreignBytes += (long)s * line.Length;
            }
            else if (s > w)
            {
                duplicated += s - w;
                duplicatedBytes += (long)(s - w) * line.Length;
            }
            else if (s < w)
            {
                spotted += inSpots.Contains(line) ? w - s : 0;
                missing += w - s;
                missingBytes += (long)(w - s) * line.Length;
            }
        }

        return $"line tally over the whole source: {duplicated} extra copies of written lines ({duplicatedBytes} bytes), " +
            $"{missing} written lines not stored ({missingBytes} bytes; {spotted} of them lines that touch a copytruncate blind spot), {foreign} stored lines never written ({foreignBytes} bytes; " +
            "partial lines at a copy's end count here)";
    }

    private static IEnumerable<(string Line, long At)> Lines(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            end = end < 0 ? bytes.Length : end + 1;
            yield return (Encoding.Latin1.GetString(bytes, start, end - start), start);
            start = end;
        }
    }

    /// <summary>Finds the stored bytes at the difference elsewhere in what was written: earlier is a duplicate, later a gap.</summary>
    private static void Classify(byte[] written, long w, byte[] stored, long s, Func<long, string> locateWritten, StringBuilder text)
    {
        // Start the probe at the line the difference falls in, so that it is long and unique (lines carry sequence numbers).
        var lineStart = (int)s;
        while (lineStart > 0 && stored[lineStart - 1] != (byte)'\n' && s - lineStart < Probe)
        {
            lineStart--;
        }

        var probe = stored.AsSpan(lineStart, Math.Min(Probe, stored.Length - lineStart));
        var found = written.AsSpan().IndexOf(probe);
        if (found < 0)
        {
            text.Append($"CORRUPT: the stored bytes from {lineStart} are nowhere in what was written.\n");
            return;
        }

        var at = found + (s - lineStart);
        if (at < w)
        {
            text.Append($"DUPLICATE: the stream repeats written bytes from {at} ({locateWritten(at)}), {w - at} bytes back.\n");
        }
        else if (at > w)
        {
            text.Append($"GAP: the stream skips written bytes [{w}, {at}) ({at - w} bytes, up to {locateWritten(at)}).\n");
        }
        else
        {
            text.Append("The probe matches at the same written offset (differing bytes are inside one line).\n");
        }
    }

    private static string Show(byte[] bytes, long at)
    {
        var from = (int)Math.Max(0, at - Context);
        var to = (int)Math.Min(bytes.Length, at + Context);
        return $"«{Escape(bytes.AsSpan(from, (int)(Math.Min(at, bytes.Length) - from)))}⟦HERE⟧{Escape(bytes.AsSpan((int)Math.Min(at, bytes.Length), to - (int)Math.Min(at, bytes.Length)))}»";
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return text.ToString();
    }
}
