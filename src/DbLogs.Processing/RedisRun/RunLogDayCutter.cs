using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.RedisRun;

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
        using var lines = new StreamLines(input, chunks[0].StreamStart);
        while (await lines.NextAsync(ct))
        {
            written += await CopyIfOnDayAsync(lines.Line, lines.LineWithNewline);
        }

        // A file that ended without a line end (its last line) still holds that line.
        written += await CopyIfOnDayAsync(lines.Tail, lines.Tail);

        async ValueTask<int> CopyIfOnDayAsync(ReadOnlyMemory<byte> line, ReadOnlyMemory<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return 0;
            }

            var info = classifier.Next(line.Span);
            if (info.StartsRecord && info.Time is { } time)
            {
                currentDay = LocalDay(time, zone);
            }

            if (currentDay != day)
            {
                return 0;
            }

            await output.WriteAsync(bytes, ct);
            return bytes.Length;
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
}
