using System.Text;

namespace DbLogs.Bench;

/// <summary>Writes realistic Redis run-log lines (varied messages, 60–200 bytes) up to a size.</summary>
internal static class LogGenerator
{
    private static readonly string[] Messages =
    [
        "* Background saving started by pid {0}",
        "* DB saved on disk",
        "* Fork CoW for RDB: current 2 MB, peak 2 MB, average 1 MB",
        "- Accepted 127.0.0.1:{0}",
        "- Client closed connection id={0} addr=127.0.0.1:{0} laddr=127.0.0.1:6379 fd=8 name= age=0 idle=0 flags=N db=0",
        "# WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.",
        "* 10000 changes in 60 seconds. Saving...",
        ". DB 0: {0} keys ({0} volatile) in 16384 slots HT.",
    ];

    /// <summary>Lines from <paramref name="start"/> (default 21 Nov 2025), <paramref name="stepMs"/> apart.</summary>
    public static long Write(string path, long bytes, DateTime? start = null, double stepMs = 7)
    {
        var random = new Random(42);
        var first = start ?? new DateTime(2025, 11, 21, 0, 0, 0);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
        long written = 0;
        var line = new StringBuilder(256);
        for (var i = 0L; written < bytes; i++)
        {
            var time = first.AddMilliseconds(i * stepMs);
            line.Clear();
            line.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1000 + (i % 7)}:{(i % 13 == 0 ? 'C' : 'M')} {time:dd MMM yyyy HH:mm:ss.fff} ");
            line.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, Messages[random.Next(Messages.Length)], random.Next(1000, 65000));
            line.Append('\n');
            writer.Write(line);
            written += line.Length;
        }

        writer.Flush();
        return new FileInfo(path).Length;
    }
}
