using System.Collections.Concurrent;
using System.Data.Common;
using DbLogs.Core.Pooling;
using DbLogs.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DbLogs.Storage.Sqlite;

/// <summary>
/// Open connections to one SQLite file kept with their prepared commands, lent to one reader at a time. Microsoft.Data.Sqlite
/// keeps a prepared statement only as long as its command and connection object, and a pooled open hands out a new
/// connection object, so every list compiled its statements again; a connection lent from here compiles each text once.
/// At most <see cref="MaxIdle"/> wait between reads; more are closed when given back.
/// </summary>
internal sealed class SqlitePreparedConnections(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    private const int MaxIdle = 16;
    private readonly BoundedReuse<PreparedConnection> _idle = new(MaxIdle, new ConcurrentBag<PreparedConnection>());
    private bool _disposed;

    public async Task<T> ReadAsync<T>(Func<IStatements, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var connection = _idle.TryTake(out var idle) ? idle : new PreparedConnection(await open(ct));

        T result;
        try
        {
            result = await read(connection, ct);
        }
        catch
        {
            connection.Dispose(); // a read that failed part-way (cancelled, interrupted) leaves nothing behind to trip the next one
            throw;
        }

        if (!Volatile.Read(ref _disposed) && _idle.TryKeep(connection))
        {
            if (Volatile.Read(ref _disposed))
            {
                Dispose(); // disposed meanwhile: nothing is left open in the bag
            }

            return result;
        }

        connection.Dispose();
        return result;
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed class PreparedConnection(SqliteConnection connection) : IStatements, IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
