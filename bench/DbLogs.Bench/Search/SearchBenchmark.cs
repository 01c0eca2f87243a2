using System.Diagnostics;
using System.Text.Json;
using DbLogs.Bench.Fleet;
using DbLogs.Storage.Sqlite;

namespace DbLogs.Bench.Search;

/// <summary>
/// Audit record search (issue 16): <see cref="SearchShape"/>'s records seeded into the service's SQLite files (the store and
/// its audit records' file, cached together like the fleet's), each <see cref="SearchQueries"/> case timed through the real HTTP route with a token, one client on a quiet
/// service, against the same searches on the same file with the keywords matched by a scan (<see cref="SqliteLikeScan"/>);
/// the file's size per record; with <c>--search-stores sqlite,postgres</c> the same searches on PostgreSQL
/// (<see cref="PostgresSearchColumn"/>); and what indexing costs ingest (<see cref="IndexingCost"/>).
/// </summary>
internal static class SearchBenchmark
{
    private const int Limit = 100;
    private const int BaselineQueries = 10;
    private static readonly TimeSpan BaselineBudget = TimeSpan.FromSeconds(60);

    public static async Task<SearchReport> RunAsync(string dblogs, SearchShape shape, SearchCase[] cases, int queries, int ingestMegabytes, int ingestRuns, bool postgres)
    {
        SqliteSizes? before = null, after = null;
        var seedNote = string.Empty;
        var rows = new List<SearchRowResult>();
        await using (var service = await BenchService.StartAsync(dblogs, SearchShape.InstancesJson(), database =>
        {
            var records = SqliteDatabase.RecordsPathFor(database);
            string[] files = [database, records];
            before = SqliteSizes.Measure(records);
            var cached = FleetCache.PathFor($"search-sqlite-{shape.Records}-v2", SqliteFleetStore.Schema(database) + SqliteFleetStore.Schema(records), "d");
            seedNote = FleetCache.SeedOrRestore(cached, () => SqliteSearchSeeder.Seed(database, records, shape),
                to =>
                {
                    Directory.CreateDirectory(to);
                    Array.ForEach(files, file => File.Copy(file, Path.Combine(to, Path.GetFileName(file))));
                },
                from => Array.ForEach(files, file =>
                {
                    File.Delete(file + "-wal");
                    File.Delete(file + "-shm");
                    File.Copy(Path.Combine(from, Path.GetFileName(file)), file, overwrite: true);
                }));
            after = SqliteSizes.Measure(records);
        }))
        {
            Console.Error.WriteLine($"search: sqlite: {seedNote}");
            var database = Path.Combine(service.Dir, "data", "dblogs.db");
            using var scan = new SqliteLikeScan(database, SqliteDatabase.RecordsPathFor(database));
            for (var i = 0; i < cases.Length; i++)
            {
                rows.Add(await MeasureAsync(service.Api, scan, cases[i], i + 1, queries));
            }
        }

        var onPostgres = postgres ? await PostgresSearchColumn.RunAsync(dblogs, shape, rows, queries) : null;
        var cost = ingestRuns > 0 ? await IndexingCost.RunAsync(dblogs, ingestMegabytes, ingestRuns) : null;
        return new SearchReport(shape, seedNote, queries, rows, before!, after!, cost) { Postgres = onPostgres };
    }

    /// <summary>The case's searches, drawn from <paramref name="seed"/> (so every store gets the same ones), timed through the route.</summary>
    public static async Task<(SearchFilter[] Filters, List<double> Times, List<long> Totals)> TimeAsync(HttpClient api, SearchCase search, int seed,
        int queries)
    {
        var warm = new Random(-seed);
        for (var i = 0; i < 3; i++)
        {
            await SearchAsync(api, search.Next(warm)); // JIT and caches warm
        }

        var random = new Random(seed);
        var filters = Enumerable.Range(0, queries).Select(_ => search.Next(random)).ToArray();
        var times = new List<double>();
        var totals = new List<long>();
        foreach (var filter in filters)
        {
            var watch = Stopwatch.StartNew();
            var total = await SearchAsync(api, filter);
            times.Add(watch.Elapsed.TotalMilliseconds);
            totals.Add(total);
        }

        return (filters, times, totals);
    }

    private static async Task<SearchRowResult> MeasureAsync(HttpClient api, SqliteLikeScan scan, SearchCase search, int seed, int queries)
    {
        var (filters, times, totals) = await TimeAsync(api, search, seed, queries);
        var baseline = new List<double>();
        var agree = true;
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < Math.Min(BaselineQueries, filters.Length) && (i < 3 || budget.Elapsed < BaselineBudget); i++)
        {
            var watch = Stopwatch.StartNew();
            agree &= scan.Run(filters[i], Limit) == totals[i];
            baseline.Add(watch.Elapsed.TotalMilliseconds);
        }

        var row = new SearchRowResult(search, times, totals, baseline, agree);
        Console.Error.WriteLine($"search: {search.Name}: p50 {row.P50:0.0} ms, p99 {row.P99:0.0} ms; scan p50 {Percentile(baseline, 0.5):0.0} ms");
        return row;
    }

    private static async Task<long> SearchAsync(HttpClient api, SearchFilter filter)
    {
        using var response = await api.GetAsync(filter.Path(Limit));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{filter.Path(Limit)}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("total").GetInt64();
    }

    public static double Percentile(IReadOnlyCollection<double> values, double p) =>
        values.Count == 0 ? double.NaN : values.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(p * values.Count) - 1));
}

/// <summary>One case's times through the service, its totals, and the scan baseline's times over its first searches.</summary>
internal sealed record SearchRowResult(SearchCase Case, IReadOnlyList<double> Times, IReadOnlyList<long> Totals, IReadOnlyList<double> Baseline,
    bool TotalsAgree)
{
    public double P50 => SearchBenchmark.Percentile([.. Times], 0.5);
    public double P99 => SearchBenchmark.Percentile([.. Times], 0.99);
    public double BaselineP50 => SearchBenchmark.Percentile([.. Baseline], 0.5);
    public long MedianTotal => Totals.Order().ElementAt(Totals.Count / 2);
}
