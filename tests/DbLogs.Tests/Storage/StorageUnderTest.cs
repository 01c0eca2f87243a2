using DbLogs.Storage;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.RealServers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>One implementation of the storage interfaces, on an empty, migrated store of its own: what the store suites run against.</summary>
public interface IStorageUnderTest : IAsyncDisposable
{
    /// <summary>The implementation's registration of every store interface (and <see cref="IStorageSchema"/>).</summary>
    void AddTo(IServiceCollection services);

    /// <summary>Makes the empty store (a database server's database), before <see cref="AddTo"/>.</summary>
    Task PrepareAsync() => Task.CompletedTask;
}

public sealed class SqliteStorageUnderTest : IStorageUnderTest
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dblogs-store-{Guid.NewGuid():N}.db");

    public void AddTo(IServiceCollection services) => services.AddSqliteStorage(_ => _path);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var store in new[] { _path, SqliteDatabase.RecordsPathFor(_path) })
        {
            foreach (var file in new[] { store, store + "-wal", store + "-shm" })
            {
                File.Delete(file);
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A database of its own in the test run's <see cref="PostgresCluster"/>, dropped at the end.</summary>
public sealed class PostgresStorageUnderTest : IStorageUnderTest
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task PrepareAsync() => _connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();

    public void AddTo(IServiceCollection services) => services.AddPostgresStorage(_ => ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await (await PostgresCluster.Shared).DropDatabaseAsync(_connectionString);
        }
    }
}
