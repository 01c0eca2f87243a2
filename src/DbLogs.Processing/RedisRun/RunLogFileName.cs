using System.Globalization;

namespace DbLogs.Processing.RedisRun;

public static class RunLogFileName
{
    /// <summary><c>redis_{replication_ip}_{yyyy-MM-dd}.log</c>, as DCS names its day files.</summary>
    public static string For(string replicationIp, DateOnly day) =>
        $"redis_{replicationIp}_{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.log";
}
