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

internal static class StatementParameters
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
}
