namespace DbLogs.Collection.Redis;

/// <summary>Reads fields of an <c>INFO</c> reply (<c>key:value</c> lines under <c># Section</c> headers).</summary>
public static class RedisInfo
{
    public static string? Field(string info, string key)
    {
        foreach (var raw in info.AsSpan().EnumerateLines())
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > key.Length && line[key.Length] == ':' && line.StartsWith(key, StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].ToString();
            }
        }

        return null;
    }
}
