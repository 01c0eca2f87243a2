using System.Text.Json;

namespace DbLogs.Processing.Streams;

/// <summary>
/// What a parsed-log follower keeps next to its cursor: the stream length it last saw and when it first saw it (to tell
/// a finished last record from one still being written), and the last record time (for lines that continue it later).
/// </summary>
internal sealed record ParsedLogState(long SeenLength, long SeenAtMs, long? LastTimeMs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ParsedLogState Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new ParsedLogState(-1, 0, null);
        }

        try
        {
            return JsonSerializer.Deserialize<ParsedLogState>(json, Json) ?? new ParsedLogState(-1, 0, null);
        }
        catch (JsonException)
        {
            return new ParsedLogState(-1, 0, null);
        }
    }

    public DateTimeOffset SeenAt => DateTimeOffset.FromUnixTimeMilliseconds(SeenAtMs);

    public DateTimeOffset? LastTime => LastTimeMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public string Write() => JsonSerializer.Serialize(this, Json);
}
