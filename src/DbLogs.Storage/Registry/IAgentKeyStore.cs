namespace DbLogs.Storage.Registry;

/// <summary>The keys that let a collector write one instance's logs, kept only as a SHA-256 of each key.</summary>
public interface IAgentKeyStore
{
    Task AddAsync(string keyHash, string instanceId, DateTimeOffset createdAt, CancellationToken ct = default);

    /// <summary>The instance a key was issued for, or null.</summary>
    Task<string?> FindInstanceAsync(string keyHash, CancellationToken ct = default);

    /// <summary>The keys of one instance, oldest first.</summary>
    Task<IReadOnlyList<AgentKeyRecord>> ListAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Revokes the instance's key whose hash starts with <paramref name="keyId"/>; false when it has none.</summary>
    Task<bool> DeleteAsync(string instanceId, string keyId, CancellationToken ct = default);
}

/// <summary>An agent key as stored: only its SHA-256, the instance it writes, and when it was issued.</summary>
public sealed record AgentKeyRecord(string KeyHash, string InstanceId, DateTimeOffset CreatedAt);
