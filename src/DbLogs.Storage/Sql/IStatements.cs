using System.Data;
using System.Data.Common;

namespace DbLogs.Storage.Sql;

/// <summary>
/// One open connection's commands by statement text, for a store's hottest reads: the embedded store keeps each one
/// prepared for as long as its connection lives (SQLite compiles a statement's text on every new command, which cost a
/// list more than running it), PostgreSQL's are made afresh (Npgsql prepares them itself). A command is not disposed by
/// its user, and its parameters are set again, all of them, before each use.
/// </summary>
internal interface IStatements
{
    DbCommand Command(string sql);
}

internal static class StatementCommands
{
    /// <summary>Sets a parameter of <paramref name="command"/>, adding it the first time the command is used.</summary>
    public static DbCommand Set(this DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameters = command.Parameters;
        DbParameter parameter;
        if (parameters.Contains(name))
        {
            parameter = parameters[name];
        }
        else
        {
            parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameters.Add(parameter);
        }

        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameter.Value = value ?? DBNull.Value;
        return command;
    }

    /// <summary>Runs <paramref name="command"/> and reads each row it gives with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadRowsAsync<T>(this DbCommand command, Func<DbDataReader, T> read, int capacity, CancellationToken ct)
    {
        var rows = new List<T>(capacity);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
