namespace DbLogs.Storage.Registry;

public enum Engine
{
    Redis,
    Mysql,
}

public sealed record Project(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record User(string Id, string ProjectId, string Name, string PasswordHash, DateTimeOffset CreatedAt);

/// <summary>An access key; the secret is kept only in its protected (encrypted) form.</summary>
public sealed record AccessKey(string Ak, string ProjectId, byte[] ProtectedSecret, DateTimeOffset CreatedAt);

public sealed record Instance(string Id, string ProjectId, string Name, Engine Engine, DateTimeOffset CreatedAt);

/// <summary>
/// A database node: a Redis replica (with its <see cref="Shard"/> and <see cref="Role"/>) or a MariaDB/MySQL node.
/// <see cref="ProtectedPassword"/> is encrypted; <see cref="Logs"/> maps a log kind to the live file on its host.
/// </summary>
public sealed record Node(
    string InstanceId,
    string Id,
    string? Shard,
    string Ip,
    int Port,
    string? Role,
    string TimeZone,
    string? Socket,
    string? User,
    byte[]? ProtectedPassword,
    IReadOnlyDictionary<string, string> Logs);
