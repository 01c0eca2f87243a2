using System.Diagnostics;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Tail;

/// <summary>
/// One live tail: reads the source's stored stream from the client's position straight to the response as Server-Sent
/// Events (<c>id:</c> the stream offset after the line, so Last-Event-ID resumes exactly there), then awaits the next
/// append. What it holds is bounded whatever the client does: one pooled read buffer and at most
/// <see cref="TailEventWriter.FlushBytes"/> of unflushed events, on top of the server's own response buffer. A client
/// more than <see cref="TailOptions.MaxLagBytes"/> behind gets a final <c>dropped</c> event; one that stopped reading
/// (a flush waits longer than <see cref="TailOptions.WriteTimeout"/>) loses its connection.
/// </summary>
internal sealed class TailSession(ISourceStore sources, IStreamStore segments, TailSignals signals, TailOptions options, TailEventWriter events)
{
    /// <summary>Stream bytes sent per turn before the lag is looked at again.</summary>
    private const long Turn = 1 << 20;

    public async Task RunAsync(long sourceId, long position, long length, CancellationToken ct)
    {
        await events.CommentAsync("tail", ct);
        var quietSince = Stopwatch.GetTimestamp();
        while (true)
        {
            // Taken before the length is read, so an append committed meanwhile still wakes this tail.
            var appended = signals.NextAppend(sourceId);
            length = signals.Length(sourceId, length);
            if (length - position > options.MaxLagBytes)
            {
                await events.DroppedAsync(length - position, ct);
                return;
            }

            var sent = length > position ? await SendLinesAsync(sourceId, position, length, ct) : position;
            if (sent != position)
            {
                (position, quietSince) = (sent, Stopwatch.GetTimestamp());
                continue;
            }

            // Nothing new, or only a line not finished yet: wait for an append, look at the store, send a heartbeat when due.
            var woke = await Task.WhenAny(appended, Task.Delay(options.StorePoll < options.Heartbeat ? options.StorePoll : options.Heartbeat, ct));
            ct.ThrowIfCancellationRequested();
            if (woke != appended)
            {
                // Appends another service node (or process) committed to the same store are only seen here.
                length = (await sources.GetSourceAsync(sourceId, ct))?.Length ?? length;
                if (Stopwatch.GetElapsedTime(quietSince) >= options.Heartbeat)
                {
                    await events.CommentAsync("keep-alive", ct);
                    quietSince = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    private async Task<long> SendLinesAsync(long sourceId, long position, long length, CancellationToken ct)
    {
        await using var stream = await segments.OpenReadAsync(sourceId, position, length, ct);
        using var lines = new StreamLines(stream, position, headsOnly: true);
        var start = position;
        while (position - start < Turn && await lines.NextAsync(ct))
        {
            position = lines.LineEnd;
            if (events.Line(position, lines.Line.Span, position - lines.LineStart - 1 > lines.Line.Length))
            {
                await events.FlushAsync(ct);
            }
        }

        await events.FlushAsync(ct);
        return position;
    }
}
