using Microsoft.Data.Sqlite;

namespace DbLogs.Bench.Search;

/// <summary>What the audit records take in a SQLite file: its size, and (from <c>dbstat</c>) the pages of the records' table, its B-tree indexes and the FTS5 index.</summary>
internal sealed record SqliteSizes(long FileBytes, long TableBytes, long IndexBytes, long FtsBytes)
{
    public static SqliteSizes Measure(string database)
    {
        var file = new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT COALESCE(SUM(CASE WHEN name = 'audit_records' THEN pgsize END), 0),
                   COALESCE(SUM(CASE WHEN name LIKE 'audit_records\_%' ESCAPE '\' AND name NOT LIKE 'audit_records\_fts%' ESCAPE '\' THEN pgsize END), 0),
                   COALESCE(SUM(CASE WHEN name LIKE 'audit_records\_fts%' ESCAPE '\' THEN pgsize END), 0)
            FROM dbstat
            """;
        try
        {
            using var reader = command.ExecuteReader();
            reader.Read();
            return new(file, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (SqliteException)
        {
            return new(file, -1, -1, -1); // a SQLite built without dbstat: the file size only
        }
    }
}
