namespace DbLogs.Collection.Redis;

/// <summary>
/// Where a Redis node listens and how to authenticate: <see cref="Password"/> alone, or an ACL <see cref="User"/> with it;
/// with <see cref="Tls"/>, the connection is TLS.
/// </summary>
public sealed record RedisEndpoint(string Host, int Port, string? User, string? Password, RedisTls? Tls = null)
{
    public override string ToString() => $"{Host}:{Port}{(Tls is null ? string.Empty : " (TLS)")}";
}

/// <summary>
/// A TLS connection: the server's certificate must chain to <see cref="CaFile"/> (PEM or DER; without one, to the system's
/// trusted roots) and name <see cref="ServerName"/> (default: the endpoint's host), which is also sent as SNI.
/// </summary>
public sealed record RedisTls(string? CaFile, string? ServerName);
