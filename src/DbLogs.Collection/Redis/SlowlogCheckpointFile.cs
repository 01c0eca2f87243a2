using System.Text.Json;

namespace DbLogs.Collection.Redis;

/// <summary>
/// The slowlog pollers' cursors by node id, in a JSON file replaced atomically (temp file, fsync, rename). Losing it
/// costs no entries (the service ignores what it has), only the missed-entry accounting of the first poll.
/// </summary>
public static class SlowlogCheckpointFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Dictionary<string, SlowlogCursor> Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, SlowlogCursor>>(File.ReadAllBytes(path), Json)
                ?? new Dictionary<string, SlowlogCursor>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return new Dictionary<string, SlowlogCursor>(StringComparer.Ordinal);
        }
    }

    public static void Save(string path, IReadOnlyDictionary<string, SlowlogCursor> cursors)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, cursors, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
