using System.Text.Json;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Files;

namespace DbLogs.Collection.Redis;

/// <summary>
/// The slowlog pollers' cursors by node id, in a JSON file replaced atomically (<see cref="DurableFile"/>). Losing it
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
        DurableFile.Replace(path, stream =>
            JsonSerializer.Serialize(stream, cursors, CheckpointJson.Default.IReadOnlyDictionaryStringSlowlogCursor));
    }
}
