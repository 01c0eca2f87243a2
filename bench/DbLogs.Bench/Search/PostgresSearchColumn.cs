using System.Globalization;
using DbLogs.Bench.Fleet;
using Npgsql;

namespace DbLogs.Bench.Search;

/// <summary>
/// The same searches (same seeds, so the same filters) on a service whose store is PostgreSQL with its pg_trgm index, seeded
/// with the same records (cached like the fleet's); each total compared with SQLite's.
/// </summary>
internal static class PostgresSearchColumn
{
    public static async Task<PostgresSearchResult> RunAsync(string dblogs, SearchShape shape, IReadOnlyList<SearchRowResult> sqlite, int queries)
    {
        await using var postgres = new PostgresSeededService();
        var rows = new List<PostgresSearchRow>();
        await using (var service = await postgres.StartAsync(dblogs, SearchShape.InstancesJson(), $"search-postgres-{shape.Records}-v1",
            connectionString => PostgresSearchSeeder.SeedAsync(connectionString, shape)))
        {
            Console.Error.WriteLine($"search: postgres: {postgres.SeedNote}");
            for (var i = 0; i < sqlite.Count; i++)
            {
                var (_, times, totals) = await SearchBenchmark.TimeAsync(service.Api, sqlite[i].Case, i + 1, queries);
                var row = new PostgresSearchRow(times, totals.SequenceEqual(sqlite[i].Totals));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search: postgres: {sqlite[i].Case.Name}: p50 {row.P50:0.0} ms, p99 {row.P99:0.0} ms"));
                rows.Add(row);
            }
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_total_relation_size('audit_records')", connection);
        return new PostgresSearchResult(postgres.SeedNote, rows, (long)(await size.ExecuteScalarAsync())!);
    }
}

/// <summary>One case's times on PostgreSQL, and whether every total equalled SQLite's.</summary>
internal sealed record PostgresSearchRow(IReadOnlyList<double> Times, bool TotalsAgree)
{
    public double P50 => SearchBenchmark.Percentile([.. Times], 0.5);
    public double P99 => SearchBenchmark.Percentile([.. Times], 0.99);
}

/// <summary>The PostgreSQL column: how it was seeded, its rows, and the records table's size with its indexes.</summary>
internal sealed record PostgresSearchResult(string SeedNote, IReadOnlyList<PostgresSearchRow> Rows, long TableBytes);
