using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.RedisRun;

/// <summary>
/// Finds the lines a Redis node wrote on one calendar day (in its time zone) in its stored run-log stream, as the
/// stream ranges a day file is made of. A line belongs to the day of the record it is part of: lines without a time
/// (crash reports, continuation lines) go with the record before them.
/// </summary>
public sealed class RunLogDayCutter(ISourceStore sources, IStreamStore segments)
{
    // Slack around the day's UTC window: the line filter is exact, the index lookup only narrows the bytes to read.
    private static readonly TimeSpan Slack = TimeSpan.FromHours(1);

    /// <summary>The day's lines as stream ranges in stream order, adjacent lines merged into one range; empty for a day without lines.</summary>
    public async Task<List<StreamRange>> CutAsync(SourceRecord source, TimeZoneInfo zone, DateOnly day, CancellationToken ct)
    {
        var ranges = new List<StreamRange>();
        var window = new TimeWindow(LocalMidnightUtc(day, zone) - Slack, LocalMidnightUtc(day.AddDays(1), zone) + Slack);
        var chunks = await sources.FindChunksAsync(source.Id, window, ct);
        if (chunks.Count == 0)
        {
            return ranges;
        }

        var classifier = RecordClassifiers.Create(LogKind.RedisRun, zone);
        // A range that starts inside a record (continuation lines) takes the time the index carried for it.
        var currentDay = chunks[0].FirstTime is { } carried ? LocalDay(carried, zone) : (DateOnly?)null;
        var end = chunks[^1].StreamEnd;
        await using var input = await segments.OpenReadAsync(source.Id, chunks[0].StreamStart, end, ct);
        using var lines = new StreamLines(input, chunks[0].StreamStart, headsOnly: true);
        while (await lines.NextAsync(ct))
        {
            TakeIfOnDay(lines.Line.Span, lines.LineStart, lines.LineEnd);
        }

        // A file that ended without a line end (its last line) still holds that line.
        if (!lines.Tail.IsEmpty)
        {
            TakeIfOnDay(lines.Tail.Span, lines.LineEnd, end);
        }

        return ranges;

        void TakeIfOnDay(ReadOnlySpan<byte> line, long start, long stop)
        {
            var info = classifier.Next(line);
            if (info.StartsRecord && info.Time is { } time)
            {
                currentDay = LocalDay(time, zone);
            }

            if (currentDay == day)
            {
                StreamRange.Append(ranges, start, stop);
            }
        }
    }

    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant the day starts in the zone (for a midnight inside a DST gap, the zone's offset at that reading).</summary>
    public static DateTimeOffset LocalMidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
