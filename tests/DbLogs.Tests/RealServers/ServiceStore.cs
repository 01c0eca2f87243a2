namespace DbLogs.Tests.RealServers;

/// <summary>
/// Where a test's service keeps its metadata: the SQLite file in its data directory (no arguments), or a database of its
/// own in the test run's <see cref="PostgresCluster"/> (dropped on dispose).
/// </summary>
public sealed class ServiceStore : IAsyncDisposable
{
    public static readonly ServiceStore Sqlite = new(null);

    private ServiceStore(string? postgres) => Postgres = postgres;

    /// <summary>The PostgreSQL connection string, or null for SQLite.</summary>
    public string? Postgres { get; }

    /// <summary>The service's command-line arguments that select this store.</summary>
    public string[] Args => Postgres is null ? [] : ["--ConnectionStrings:Postgres", Postgres];

    public static async Task<ServiceStore> StartAsync(bool postgres) =>
        postgres ? new ServiceStore(await (await PostgresCluster.Shared).CreateDatabaseAsync()) : Sqlite;

    public async ValueTask DisposeAsync()
    {
        if (Postgres is not null)
        {
            await (await PostgresCluster.Shared).DropDatabaseAsync(Postgres);
        }
    }
}

/// <summary>
/// The base of an end-to-end class that runs on both stores: as it is on SQLite, and through a subclass overriding
/// <see cref="OnPostgres"/> once more with the service on PostgreSQL.
/// </summary>
public abstract class OnEachStore : IAsyncLifetime
{
    protected ServiceStore Store { get; private set; } = ServiceStore.Sqlite;

    protected virtual bool OnPostgres => false;

    public async Task InitializeAsync() => Store = await ServiceStore.StartAsync(OnPostgres);

    public virtual Task DisposeAsync() => Store.DisposeAsync().AsTask();
}
