using System.Security.Cryptography;
using System.Text;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Ingest;

/// <summary>Keys that let a collector write one instance's logs; only their SHA-256 is stored.</summary>
public sealed class AgentKeys(ISourceStore store, TimeProvider clock)
{
    public async Task<string> IssueAsync(string instanceId, CancellationToken ct)
    {
        var key = "dblk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await store.AddAgentKeyAsync(Hash(key), instanceId, clock.GetUtcNow(), ct);
        return key;
    }

    public Task<string?> FindInstanceAsync(string key, CancellationToken ct) => store.FindAgentKeyInstanceAsync(Hash(key), ct);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
