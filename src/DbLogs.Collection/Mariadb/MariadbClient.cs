using MySqlConnector;

namespace DbLogs.Collection.Mariadb;

/// <summary>
/// One connection to a MariaDB server through MySqlConnector: its Unix socket, or TCP with TLS whenever the server offers
/// it (so a node with <c>require_secure_transport</c> works). The password stays in memory: no command line, no file.
/// Every driver failure becomes a <see cref="MariadbClientException"/> carrying the server's or the driver's message.
/// </summary>
public sealed class MariadbClient : IAsyncDisposable
{
    private const int ConnectTimeoutSeconds = 10;
    private const int CommandTimeoutSeconds = 30;

    private readonly MySqlConnection _connection;

    private MariadbClient(MySqlConnection connection) => _connection = connection;

    public static async Task<MariadbClient> OpenAsync(MariadbConnection connection, CancellationToken ct)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            UserID = connection.User ?? Environment.UserName,
            Password = connection.Password ?? string.Empty,
            SslMode = MySqlSslMode.Preferred,
            ConnectionTimeout = ConnectTimeoutSeconds,
            DefaultCommandTimeout = CommandTimeoutSeconds,
            CharacterSet = "utf8mb4",
            // A fresh connection each time, as the node's password may change between passes; nothing stays logged in.
            Pooling = false,
        };
        if (connection.Socket is { Length: > 0 })
        {
            builder.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
            builder.Server = connection.Socket;
        }
        else
        {
            builder.Server = connection.Host;
            builder.Port = (uint)connection.Port;
        }

        var db = new MySqlConnection(builder.ConnectionString);
        try
        {
            await db.OpenAsync(ct);
            return new MariadbClient(db);
        }
        catch (MySqlException ex)
        {
            await db.DisposeAsync();
            throw new MariadbClientException($"{ex.Message} ({connection})");
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, _connection);
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (MySqlException ex)
        {
            throw new MariadbClientException(ex.Message);
        }
    }

    /// <summary>The first row of the result, each column as text (null for SQL NULL); null when there is no row.</summary>
    public async Task<string?[]?> FirstRowAsync(string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, _connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }

            return row;
        }
        catch (MySqlException ex)
        {
            throw new MariadbClientException(ex.Message);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
