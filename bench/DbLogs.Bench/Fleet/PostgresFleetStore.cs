namespace DbLogs.Bench.Fleet;

/// <summary>The fleet seeded into PostgreSQL as the store (<see cref="PostgresSeededService"/>).</summary>
internal sealed class PostgresFleetStore : IFleetStore
{
    private readonly PostgresSeededService _postgres = new();

    public string Name => "PostgreSQL";

    public string SeedNote => _postgres.SeedNote;

    public Task<BenchService> StartAsync(string dblogs, FleetShape shape) =>
        _postgres.StartAsync(dblogs, shape.InstancesJson(), FleetCache.Stem("postgres", shape), cs => PostgresFleetSeeder.SeedAsync(cs, shape));

    public ValueTask DisposeAsync() => _postgres.DisposeAsync();
}
