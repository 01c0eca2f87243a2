using Microsoft.Data.Sqlite;
using Npgsql;

namespace DbLogs.Storage.Migration;

/// <summary>One table from the SQLite file into PostgreSQL with binary COPY, rows streamed as they are read.</summary>
internal static class TableCopy
{
    public static async Task<long> CopyAsync(SqliteConnection source, SqliteTransaction read, NpgsqlConnection target, SourceTable table,
        TargetColumns columns, CancellationToken ct)
    {
        var types = columns.TypesOf(table.Name, table.Columns);
        var list = string.Join(", ", table.Columns.Select(SqliteToPostgres.Quote));
        await using var select = source.CreateCommand();
        select.Transaction = read;
        // No foreign key reaches the store's sources from the records file: the rows of deleted sources stay there, not copied.
        var orphans = table.Schema != "main" && table.Columns.Contains("source_id") ? " WHERE source_id IN (SELECT id FROM main.sources)" : "";
        select.CommandText = $"SELECT {list} FROM {SqliteToPostgres.Quote(table.Schema)}.{SqliteToPostgres.Quote(table.Name)}{orphans}";
        await using var rows = await select.ExecuteReaderAsync(ct);
        await using var writer = await target.BeginBinaryImportAsync($"COPY {SqliteToPostgres.Quote(table.Name)} ({list}) FROM STDIN (FORMAT BINARY)", ct);
        var values = new object[types.Length];
        long count = 0;
        while (await rows.ReadAsync(ct))
        {
            rows.GetValues(values);
            await writer.StartRowAsync(ct);
            for (var i = 0; i < types.Length; i++)
            {
                await writer.WriteAsync(TargetColumns.Convert(values[i], types[i]), types[i], ct);
            }

            count++;
        }

        await writer.CompleteAsync(ct);
        return count;
    }
}
