using System.Buffers;
using DbLogs.Collection.Parsing;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Dcs.RunLogs;

/// <summary>
/// Copies the lines a Redis node wrote on one calendar day (in its time zone) out of its stored run-log stream,
/// byte for byte. A line belongs to the day of the record it is part of: lines without a time (crash reports,
/// continuation lines) go with the record before them.
/// </summary>
public sealed class RunLogDayCutter(ISourceStore sources, SegmentStore segments)
{
    // Slack around the day's UTC window: the line filter is exact, the index lookup only narrows the bytes to read.
    private static readonly TimeSpan Slack = TimeSpan.FromHours(1);

    /// <summary>Writes the day's lines to <paramref name="output"/>; returns how many bytes were written.</summary>
    public async Task<long> CutAsync(SourceRecord source, TimeZoneInfo zone, DateOnly day, Stream output, CancellationToken ct)
    {
        var window = new TimeWindow(LocalMidnightUtc(day, zone) - Slack, LocalMidnightUtc(day.AddDays(1), zone) + Slack);
        var chunks = await sources.FindChunksAsync(source.Id, window, ct);
        if (chunks.Count == 0)
        {
            return 0;
        }

        var classifier = RecordClassifiers.Create(LogKind.RedisRun, zone);
        // A range that starts inside a record (continuation lines) takes the time the index carried for it.
        var currentDay = chunks[0].FirstTime is { } carried ? LocalDay(carried, zone) : (DateOnly?)null;
        long written = 0;
        await using var input = segments.OpenRead(source.Id, chunks[0].StreamStart, chunks[^1].StreamEnd);
        await foreach (var line in ReadLinesAsync(input, ct))
        {
            var content = line.Span;
            var withoutNewline = content.Length > 0 && content[^1] == (byte)'\n' ? content[..^1] : content;
            var info = classifier.Next(withoutNewline);
            if (info.StartsRecord && info.Time is { } time)
            {
                currentDay = LocalDay(time, zone);
            }

            if (currentDay == day)
            {
                await output.WriteAsync(line, ct);
                written += line.Length;
            }
        }

        return written;
    }

    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant the day starts in the zone (for a midnight inside a DST gap, the zone's offset at that reading).</summary>
    public static DateTimeOffset LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The stream's lines, each with its '\n' (the last may lack one), from one pooled buffer that grows only for a longer line.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadLinesAsync(Stream input,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int start = 0, end = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    yield return buffer.AsMemory(start, newline + 1);
                    start += newline + 1;
                    continue;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await input.ReadAsync(buffer.AsMemory(end), ct);
                if (read == 0)
                {
                    if (end > start)
                    {
                        yield return buffer.AsMemory(start, end - start);
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
