using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DbLogs.Core.Time;
using DbLogs.Processing.Streams;

namespace DbLogs.Server.Tail;

/// <summary>
/// Writes a tail's Server-Sent Events straight into the response's pipe: <c>id: {offset}</c> and
/// <c>data: {"time":…,"line":…}</c> per line, comments, and the final <c>dropped</c> event. The time is the record's
/// (lines that do not start a record carry the time of the one they belong to; null before the first record start).
/// Every flush gives up after the write timeout: the client stopped reading.
/// </summary>
internal sealed class TailEventWriter(PipeWriter body, IRecordClassifier classifier, TimeSpan writeTimeout) : IDisposable
{
    /// <summary>Unflushed event bytes after which the events are flushed to the client.</summary>
    public const int FlushBytes = 32 * 1024;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Utf8JsonWriter _json = new(body, JsonOptions);
    private string? _time;
    private long _unflushed;

    /// <summary>Adds one line's event; true when enough is waiting that the caller should flush.</summary>
    public bool Line(long id, ReadOnlySpan<byte> line, bool truncated)
    {
        var info = classifier.Next(line);
        if (info is { StartsRecord: true, Time: { } time })
        {
            _time = OffsetTime.Format(time, TimeSpan.Zero);
        }

        Write("id: "u8);
        Span<byte> digits = stackalloc byte[20];
        id.TryFormat(digits, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
        Write(digits[..length]);
        Write("\ndata: "u8);
        _json.Reset(body);
        _json.WriteStartObject();
        _json.WriteString("time"u8, _time);
        if (Utf8.IsValid(line))
        {
            _json.WriteString("line"u8, line);
        }
        else
        {
            _json.WriteString("line"u8, Encoding.UTF8.GetString(line));
        }

        if (truncated)
        {
            _json.WriteBoolean("truncated"u8, true);
        }

        _json.WriteEndObject();
        _json.Flush();
        _unflushed += _json.BytesCommitted;
        Write("\n\n"u8);
        return _unflushed >= FlushBytes;
    }

    public async Task CommentAsync(string text, CancellationToken ct)
    {
        Write(Encoding.UTF8.GetBytes($": {text}\n\n"));
        await FlushAsync(ct);
    }

    public async Task DroppedAsync(long behind, CancellationToken ct)
    {
        Write(Encoding.UTF8.GetBytes(
            $"event: dropped\ndata: {{\"reason\":\"the client fell {behind} bytes behind the log; reconnect to go on\",\"behind_bytes\":{behind}}}\n\n"));
        await FlushAsync(ct);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(writeTimeout);
        var result = await body.FlushAsync(timeout.Token);
        _unflushed = 0;
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("the client is gone");
        }
    }

    public void Dispose() => _json.Dispose();

    private void Write(ReadOnlySpan<byte> bytes)
    {
        body.Write(bytes);
        _unflushed += bytes.Length;
    }
}
