using System.Data.Common;
using System.Text;

namespace DbLogs.Bench.Pages;

/// <summary>
/// Writes <see cref="PagesShape"/>'s rows into a stopped service's store (SQLite or PostgreSQL alike): multi-row
/// INSERTs of <see cref="RowsPerStatement"/> rows in one transaction, so the store's triggers fire as for collected rows.
/// </summary>
internal static class PagesSeeder
{
    private const int RowsPerStatement = 500;

    public static void Seed(DbConnection connection)
    {
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Insert(connection, transaction,
            "redis_slowlog (instance_id, node_id, run_id, entry_id, shard_name, node_role, start_time, duration_us, command, client_ip, username, database_id)",
            PagesShape.SlowlogRows().Select(r => (object[])[.. r, 0L]));
        Insert(connection, transaction, "mysql_error_log (instance_id, node_id, time, level, content)",
            PagesShape.ErrorRows().Select(r => new object[] { r.InstanceId, r.NodeId, r.Time, r.Level, r.Content }));
        transaction.Commit();
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, string table, IEnumerable<object[]> rows)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {table} VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ",(");
                for (var c = 0; c < chunk[r].Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{r}_{c}";
                    parameter.Value = chunk[r][c];
                    command.Parameters.Add(parameter);
                    sql.Append(c == 0 ? string.Empty : ",").Append(parameter.ParameterName);
                }

                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            command.ExecuteNonQuery();
        }
    }
}
