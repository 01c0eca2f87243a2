using System.Data.Common;

namespace DbLogs.Storage.Sql;

/// <summary>A new command for every statement on a connection, disposed with this: for stores whose driver prepares statements itself.</summary>
internal sealed class FreshStatements(DbConnection connection) : IStatements, IAsyncDisposable
{
    private readonly List<DbCommand> _commands = [];

    public static async Task<T> ReadAsync<T>(IConnectionSource db, Func<IStatements, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var statements = new FreshStatements(connection);
        return await read(statements, ct);
    }

    public DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        _commands.Add(command);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
        {
            await command.DisposeAsync();
        }
    }
}
