namespace DbLogs.Collection.Redis;

/// <summary>Where a Redis node listens and how to authenticate: <see cref="Password"/> alone, or an ACL <see cref="User"/> with it.</summary>
public sealed record RedisEndpoint(string Host, int Port, string? User, string? Password)
{
    public override string ToString() => $"{Host}:{Port}";
}
