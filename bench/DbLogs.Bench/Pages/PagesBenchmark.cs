using System.Diagnostics;
using System.Net;
using DbLogs.Bench.Fleet;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DbLogs.Bench.Pages;

/// <summary>
/// Issue 17's "pages with 100,000 entries behind them answer in under 300 ms": each store seeded with
/// <see cref="PagesShape"/>, then every request of <see cref="PagesRoutes"/> timed by one client on a quiet
/// <c>dblogs serve</c>, against /health/ready of the same process. Every store must answer the same totals.
/// </summary>
internal static class PagesBenchmark
{
    private const int MinSamples = 5;

    public static async Task<PagesReport> RunAsync(string dblogs, TimeSpan duration, IReadOnlyList<string> stores)
    {
        var routes = PagesRoutes.All();
        var columns = new List<PagesColumn>();
        foreach (var store in stores)
        {
            if (store == "postgres")
            {
                await using var cluster = await BenchPostgres.StartAsync();
                await cluster.CreateDatabaseAsync("dblogs");
                var connectionString = cluster.ConnectionString("dblogs");
                await using var service = await BenchService.StartAsync(dblogs, PagesShape.InstancesJson(),
                    _ => SeedPostgres(connectionString), $"--ConnectionStrings:Postgres \"{connectionString}\"");
                columns.Add(await MeasureAsync("PostgreSQL", service, routes, duration));
            }
            else
            {
                await using var service = await BenchService.StartAsync(dblogs, PagesShape.InstancesJson(),
                    database =>
                    {
                        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
                        PagesSeeder.Seed(connection);
                    });
                columns.Add(await MeasureAsync("SQLite", service, routes, duration));
            }
        }

        return new PagesReport(duration, [.. routes.Select(r => r.Name)], columns);
    }

    private static async Task<PagesColumn> MeasureAsync(string store, BenchService service, (string Name, string Path, bool Console)[] routes,
        TimeSpan duration)
    {
        using var console = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(service.BaseUrl) };
        console.DefaultRequestHeaders.Add("Cookie", "dblogs_console=" + service.Token);
        var totals = new List<long>();
        foreach (var (_, path, isConsole) in routes)
        {
            totals.Add(isConsole ? await CheckPageAsync(console, path) : await ListLatencyBenchmark.CheckListsAsync(service.Api, path));
        }

        var results = new List<PageTiming>();
        foreach (var (name, path, isConsole) in routes)
        {
            var client = isConsole ? console : service.Api;
            await TimeAsync(client, path, TimeSpan.FromSeconds(1), 1); // JIT and caches warm
            var result = await TimeAsync(client, path, duration, MinSamples);
            Console.Error.WriteLine($"pages: {store}: {name}: p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms ({result.Samples} requests)");
            results.Add(result);
        }

        return new PagesColumn(store, results, totals);
    }

    /// <summary>
    /// One client, each request sent when the last one ended (as wrk -c 1), for <paramref name="duration"/> and at least
    /// <paramref name="minSamples"/> requests: a page that takes seconds is still timed, not reported as no requests.
    /// </summary>
    private static async Task<PageTiming> TimeAsync(HttpClient client, string path, TimeSpan duration, int minSamples)
    {
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration || samples.Count < minSamples)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.LoadIntoBufferAsync();
            samples.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        samples.Sort();
        double Percentile(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
        return new PageTiming(Percentile(0.5), Percentile(0.99), samples.Count);
    }

    private static void SeedPostgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        PagesSeeder.Seed(connection);
        using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection); // what autovacuum does to tables this size soon after
        analyze.ExecuteNonQuery();
    }

    /// <summary>The page answers 200 (not the sign-in redirect) with entries in its table; -1, pages have no total to compare.</summary>
    private static async Task<long> CheckPageAsync(HttpClient console, string path)
    {
        using var response = await console.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("<td", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}, no entries listed: the benchmark would time the wrong page.");
        }

        return -1;
    }
}

internal sealed record PagesColumn(string Store, IReadOnlyList<PageTiming> Results, IReadOnlyList<long> Totals);

internal sealed record PageTiming(double P50Ms, double P99Ms, int Samples);
