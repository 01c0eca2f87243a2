using DbLogs.Storage;
using DbLogs.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>One implementation of the storage interfaces, on an empty, migrated store of its own: what the store suites run against.</summary>
public interface IStorageUnderTest : IAsyncDisposable
{
    /// <summary>The implementation's registration of every store interface (and <see cref="IStorageSchema"/>).</summary>
    void AddTo(IServiceCollection services);
}

public sealed class SqliteStorageUnderTest : IStorageUnderTest
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dblogs-store-{Guid.NewGuid():N}.db");

    public void AddTo(IServiceCollection services) => services.AddSqliteStorage(_ => _path);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
