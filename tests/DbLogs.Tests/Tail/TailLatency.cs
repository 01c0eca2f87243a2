using System.Diagnostics;
using System.Globalization;

namespace DbLogs.Tests.Tail;

/// <summary>
/// Line-written-to-event latency: makes the server write <c>markers</c> lines 100 ms apart while every client reads, and
/// measures, on the first client, from just before each write to the event's arrival.
/// </summary>
internal static class TailLatency
{
    public static string Marker(int i) => string.Create(CultureInfo.InvariantCulture, $"tail-marker-{i:D3};");

    /// <returns>Each client's events up to the last marker, and the latencies sorted.</returns>
    public static async Task<(List<SseEvent>[] Received, List<TimeSpan> Latencies)> MeasureAsync(IReadOnlyList<SseClient> clients,
        Func<string, Task> write, int markers)
    {
        var reading = clients.Select(c => ReadUntilAsync(c, Marker(markers - 1))).ToList();
        var written = new long[markers];
        for (var i = 0; i < markers; i++)
        {
            written[i] = Stopwatch.GetTimestamp();
            await write(Marker(i));
            await Task.Delay(100);
        }

        var received = await Task.WhenAll(reading);
        var latencies = Enumerable.Range(0, markers)
            .Select(i => Stopwatch.GetElapsedTime(written[i], received[0].Single(e => e.Line.Contains(Marker(i), StringComparison.Ordinal)).ReceivedAt))
            .Order().ToList();
        return (received, latencies);
    }

    public static string Describe(List<TimeSpan> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {sorted[sorted.Count / 2].TotalMilliseconds:F0} ms, p99 {sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1].TotalMilliseconds:F0} ms, " +
        $"max {sorted[^1].TotalMilliseconds:F0} ms of {sorted.Count}");

    /// <summary>Reads line events until one contains <paramref name="marker"/>.</summary>
    public static async Task<List<SseEvent>> ReadUntilAsync(SseClient client, string marker)
    {
        var events = new List<SseEvent>();
        while (events.Count == 0 || !events[^1].Line.Contains(marker, StringComparison.Ordinal))
        {
            events.AddRange(await client.LinesAsync(1));
        }

        return events;
    }
}
