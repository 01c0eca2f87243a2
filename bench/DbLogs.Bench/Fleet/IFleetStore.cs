namespace DbLogs.Bench.Fleet;

/// <summary>A store the fleet benchmark runs against: starts a <c>dblogs serve</c> on it, seeded with the fleet.</summary>
internal interface IFleetStore : IAsyncDisposable
{
    string Name { get; }

    /// <summary>How the store got its rows, for the report: seeded (and in how long) or copied from the cache.</summary>
    string SeedNote { get; }

    Task<BenchService> StartAsync(string dblogs, FleetShape shape);
}
