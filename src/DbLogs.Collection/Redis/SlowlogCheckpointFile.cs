using System.Text.Json;
using DbLogs.Collection.Tailing;

namespace DbLogs.Collection.Redis;

/// <summary>
/// The slowlog pollers' cursors by node id, in a JSON file replaced atomically (temp file, fsync, rename). Losing it
/// costs no entries (the service ignores what it has), only the missed-entry accounting of the first poll.
/// </summary>
public static class SlowlogCheckpointFile
{
    public static Dictionary<string, SlowlogCursor> Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), CheckpointJson.Default.DictionaryStringSlowlogCursor)
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
            JsonSerializer.Serialize(stream, cursors, CheckpointJson.Default.IReadOnlyDictionaryStringSlowlogCursor);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
