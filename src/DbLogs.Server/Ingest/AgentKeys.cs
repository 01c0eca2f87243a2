using System.Security.Cryptography;
using System.Text;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Ingest;

/// <summary>Keys that let a collector write one instance's logs; only their SHA-256 is stored.</summary>
public sealed class AgentKeys(IAgentKeyStore store, TimeProvider clock)
{
    private const string KeyPrefix = "dblk_";

    // 16 hex characters of the SHA-256 name a key without revealing it; a collision is a 1 in 2^64 chance.
    private const int IdLength = 16;

    public async Task<string> IssueAsync(string instanceId, CancellationToken ct)
    {
        var key = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await store.AddAsync(Hash(key), instanceId, clock.GetUtcNow(), ct);
        return key;
    }

    public Task<string?> FindInstanceAsync(string key, CancellationToken ct) => store.FindInstanceAsync(Hash(key), ct);

    /// <summary>The instance's keys as the operator sees them: an id (the start of the key's hash) and when each was issued.</summary>
    public async Task<IReadOnlyList<(string Id, string InstanceId, DateTimeOffset CreatedAt)>> ListAsync(string instanceId, CancellationToken ct) =>
        [.. (await store.ListAsync(instanceId, ct)).Select(k => (Id(k.KeyHash), k.InstanceId, k.CreatedAt))];

    /// <summary>Revokes a key of the instance named by its id or by the key itself; false when the instance has no such key.</summary>
    public async Task<bool> RevokeAsync(string instanceId, string idOrKey, CancellationToken ct)
    {
        var id = idOrKey.StartsWith(KeyPrefix, StringComparison.Ordinal) ? IdOf(idOrKey) : idOrKey;
        return id.Length == IdLength && await store.DeleteAsync(instanceId, id, ct);
    }

    /// <summary>The id under which a key is listed and revoked.</summary>
    public static string IdOf(string key) => Id(Hash(key));

    private static string Id(string keyHash) => keyHash[..IdLength];

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
