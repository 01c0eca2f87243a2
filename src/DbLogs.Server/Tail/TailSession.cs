using System.Text;
using System.Text.Json;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Tail;

/// <summary>
/// One live tail: reads the source's stream from the client's position straight to the response as Server-Sent Events
/// (<c>id:</c> the stream offset after the line, so Last-Event-ID resumes exactly there), then awaits the next append.
/// Nothing is buffered per client beyond one read; a client more than <see cref="MaxLagBytes"/> behind, or one whose
/// write does not complete within <see cref="WriteTimeout"/>, is dropped (with a final <c>dropped</c> event when it still reads).
/// </summary>
internal sealed class TailSession(ISourceStore sources, SegmentStore segments, TailSignals signals, IRecordClassifier classifier, HttpResponse response)
{
    public const long MaxLagBytes = 8 << 20;
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private DateTimeOffset? _time;

    public async Task RunAsync(long sourceId, long position, CancellationToken ct)
    {
        await WriteAsync(": tail\n\n", ct);
        while (!ct.IsCancellationRequested)
        {
            var appended = signals.NextAppend(sourceId);
            var length = (await sources.GetSourceAsync(sourceId, ct))?.Length ?? 0;
            if (length - position > MaxLagBytes)
            {
                await WriteAsync($"event: dropped\ndata: {{\"reason\":\"the client fell {length - position} bytes behind\"}}\n\n", ct);
                return;
            }

            if (length > position)
            {
                position = await SendLinesAsync(sourceId, position, length, ct);
            }

            var woke = await Task.WhenAny(appended, Task.Delay(Heartbeat, ct));
            ct.ThrowIfCancellationRequested();
            if (woke != appended)
            {
                await WriteAsync(": keep-alive\n\n", ct);
            }
        }
    }

    private async Task<long> SendLinesAsync(long sourceId, long position, long length, CancellationToken ct)
    {
        await using var stream = segments.OpenRead(sourceId, position, length);
        using var lines = new StreamLines(stream, position);
        var events = new StringBuilder();
        while (await lines.NextAsync(ct))
        {
            var info = classifier.Next(lines.Line.Span);
            _time = info.StartsRecord ? info.Time ?? _time : _time;
            var text = Encoding.UTF8.GetString(lines.Line.Span);
            var data = JsonSerializer.Serialize(new TailEvent(_time is { } t ? OffsetTime.Format(t, TimeSpan.Zero) : null, text), TailJson.Default.TailEvent);
            events.Append("id: ").Append(lines.LineEnd).Append("\ndata: ").Append(data).Append("\n\n");
            position = lines.LineEnd;
            if (events.Length >= 64 * 1024)
            {
                await WriteAsync(events.ToString(), ct);
                events.Clear();
            }
        }

        if (events.Length > 0)
        {
            await WriteAsync(events.ToString(), ct);
        }

        return position;
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(WriteTimeout);
        await response.WriteAsync(text, timeout.Token);
        await response.Body.FlushAsync(timeout.Token);
    }
}

internal sealed record TailEvent(string? Time, string Line);

[System.Text.Json.Serialization.JsonSerializable(typeof(TailEvent))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class TailJson : System.Text.Json.Serialization.JsonSerializerContext;
