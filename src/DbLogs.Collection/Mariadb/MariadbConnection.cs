namespace DbLogs.Collection.Mariadb;

/// <summary>How to reach a MariaDB server: its Unix socket, or host and port; <see cref="Password"/> never appears in <see cref="ToString"/>.</summary>
public sealed record MariadbConnection(string? Socket, string? Host, int Port, string? User, string? Password)
{
    public override string ToString() =>
        $"{User ?? "(default user)"}@{(Socket is { Length: > 0 } ? Socket : $"{Host}:{Port}")}";
}
