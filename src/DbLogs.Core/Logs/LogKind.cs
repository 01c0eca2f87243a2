namespace DbLogs.Core.Logs;

/// <summary>The log files DbLogs collects.</summary>
public enum LogKind
{
    RedisRun,
    MariadbAudit,
    MariadbSlow,
    MariadbError,

    /// <summary>Entries polled from a Redis node's <c>SLOWLOG</c> (no file; a source only for the operator view).</summary>
    RedisSlowlog,
}

public static class LogKinds
{
    /// <summary>The kinds collected from log files (<see cref="LogKind.RedisSlowlog"/> is polled, not tailed).</summary>
    public static IReadOnlyList<LogKind> All { get; } = [LogKind.RedisRun, LogKind.MariadbAudit, LogKind.MariadbSlow, LogKind.MariadbError];

    /// <summary>The name used in agent configuration and on the ingest wire: <c>redis-run</c>, <c>mariadb-audit</c>, …</summary>
    public static string Name(this LogKind kind) => kind switch
    {
        LogKind.RedisRun => "redis-run",
        LogKind.MariadbAudit => "mariadb-audit",
        LogKind.MariadbSlow => "mariadb-slow",
        LogKind.MariadbError => "mariadb-error",
        LogKind.RedisSlowlog => "redis-slowlog",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? name, out LogKind kind)
    {
        foreach (var candidate in (IEnumerable<LogKind>)[.. All, LogKind.RedisSlowlog])
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The key of a node's <c>logs</c> object in the bootstrap file (<c>run</c>, <c>audit</c>, <c>slow</c>, <c>error</c>).</summary>
    public static string BootstrapKey(this LogKind kind) => kind switch
    {
        LogKind.RedisRun => "run",
        LogKind.MariadbAudit => "audit",
        LogKind.MariadbSlow => "slow",
        LogKind.MariadbError => "error",
        LogKind.RedisSlowlog => "slowlog",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryFromBootstrapKey(string key, bool redis, out LogKind kind)
    {
        (var ok, kind) = (redis, key) switch
        {
            (true, "run") => (true, LogKind.RedisRun),
            (false, "audit") => (true, LogKind.MariadbAudit),
            (false, "slow") => (true, LogKind.MariadbSlow),
            (false, "error") => (true, LogKind.MariadbError),
            _ => (false, default),
        };
        return ok;
    }
}
