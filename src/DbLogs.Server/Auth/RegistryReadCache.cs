using DbLogs.Storage.Registry;

namespace DbLogs.Server.Auth;

/// <summary>
/// Token checks and instance lookups of the cloud routes, remembered briefly so that a list request does not read the
/// registry twice before its own query. The admin API empties it on every change, so its changes take effect at once;
/// the TTLs bound what any other writer of the registry file could leave stale (README, "Tokens").
/// </summary>
public sealed class RegistryReadCache(TimeProvider clock)
{
    public static readonly TimeSpan TokenTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan InstanceTtl = TimeSpan.FromSeconds(10);
    private const int Capacity = 10_000;

    /// <summary>Keyed by the token's SHA-256, as stored; the token itself is never kept.</summary>
    public ExpiringCache<string, TokenRecord> Tokens { get; } = new(clock, TokenTtl, Capacity);

    public ExpiringCache<string, Instance> Instances { get; } = new(clock, InstanceTtl, Capacity);

    public void Clear()
    {
        Tokens.Clear();
        Instances.Clear();
    }
}
