namespace DbLogs.Bench.Fleet;

/// <summary>
/// Queries at fleet scale (issue 14): each store seeded with <see cref="FleetShape"/>, then every route of
/// <see cref="FleetRoutes"/> timed with wrk, one client on a quiet service, through the real HTTP service with a token.
/// Every store must answer the same totals.
/// </summary>
internal static class FleetBenchmark
{
    public static async Task<FleetReport> RunAsync(string dblogs, FleetShape shape, TimeSpan duration, IReadOnlyList<IFleetStore> stores)
    {
        var routes = FleetRoutes.For(shape);
        var columns = new List<FleetColumn>();
        foreach (var store in stores)
        {
            await using (store)
            {
                columns.Add(await MeasureAsync(dblogs, shape, duration, store, routes));
            }
        }

        return new FleetReport(shape, duration, [.. routes.Select(r => r.Name)], columns);
    }

    private static async Task<FleetColumn> MeasureAsync(string dblogs, FleetShape shape, TimeSpan duration, IFleetStore store,
        (string Name, string Path)[] routes)
    {
        await using var service = await store.StartAsync(dblogs, shape);
        Console.Error.WriteLine($"fleet: {store.Name}: {store.SeedNote}");
        var totals = new List<long>();
        foreach (var (_, path) in routes)
        {
            totals.Add(await ListLatencyBenchmark.CheckListsAsync(service.Api, path));
        }

        var headers = new Dictionary<string, string> { ["X-Auth-Token"] = service.Token };
        var results = new List<WrkResult>();
        foreach (var (name, path) in routes)
        {
            WrkLoad Load(TimeSpan time) => new(service.BaseUrl + path, 1, time, TimeSpan.FromSeconds(10)) { Headers = headers };
            await Wrk.RunAsync(Load(TimeSpan.FromSeconds(1))); // JIT and caches warm
            var result = await Wrk.RunAsync(Load(duration));
            Console.Error.WriteLine($"fleet: {store.Name}: {name}: p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms");
            results.Add(result);
        }

        return new FleetColumn(store.Name, store.SeedNote, results, totals);
    }
}

internal sealed record FleetColumn(string Store, string SeedNote, IReadOnlyList<WrkResult> Results, IReadOnlyList<long> Totals);
