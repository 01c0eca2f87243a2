using System.Text.Json;
using DbLogs.Storage.Registry;

namespace DbLogs.Storage.Sql;

// The registry's rows as both stores return them (times as Unix milliseconds, integers as 64 bits), and their models.

internal sealed record ProjectRow(string Id, string Name, long CreatedAt)
{
    public Project ToModel() => new(Id, Name, UnixMs.To(CreatedAt));
}

internal sealed record UserRow(string Id, string ProjectId, string Name, string PasswordHash, long CreatedAt)
{
    public User ToModel() => new(Id, ProjectId, Name, PasswordHash, UnixMs.To(CreatedAt));
}

internal sealed record AccessKeyRow(string Ak, string ProjectId, byte[] ProtectedSecret, long CreatedAt)
{
    public AccessKey ToModel() => new(Ak, ProjectId, ProtectedSecret, UnixMs.To(CreatedAt));
}

internal sealed record InstanceRow(string Id, string ProjectId, string Name, string Engine, long CreatedAt)
{
    public Instance ToModel() => new(Id, ProjectId, Name, Engine == "redis" ? Registry.Engine.Redis : Registry.Engine.Mysql, UnixMs.To(CreatedAt));

    public static string EngineText(Engine engine) => engine == Registry.Engine.Redis ? "redis" : "mysql";
}

internal sealed record NodeRow(string InstanceId, string Id, string? Shard, string Ip, long Port, string? Role, string TimeZone,
    string? Socket, string? UserName, byte[]? ProtectedPassword, string Logs)
{
    public Node ToModel() => new(InstanceId, Id, Shard, Ip, (int)Port, Role, TimeZone, Socket, UserName, ProtectedPassword,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Logs) ?? []);
}

internal sealed record TokenRow(string ProjectId, string UserId, long ExpiresAt)
{
    public TokenRecord ToModel() => new(ProjectId, UserId, UnixMs.To(ExpiresAt));
}
