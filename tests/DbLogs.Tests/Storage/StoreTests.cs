using DbLogs.Core.Logs;
using DbLogs.Storage;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>
/// The base of a store suite: each test gets an empty store of the implementation <typeparamref name="TStorage"/>, so one suite
/// written against the interfaces runs for every implementation (a <c>Sqlite…StoreTests</c> and a <c>Postgres…StoreTests</c> subclass per store).
/// </summary>
public abstract class StoreTests<TStorage> : IAsyncLifetime where TStorage : IStorageUnderTest, new()
{
    protected static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TStorage _storage = new();
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        await _storage.PrepareAsync();
        var services = new ServiceCollection();
        _storage.AddTo(services);
        _services = services.BuildServiceProvider();
        await Store<IStorageSchema>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    protected T Store<T>() where T : notnull =>
        (_services ?? throw new InvalidOperationException("The store is not started.")).GetRequiredService<T>();

    /// <summary>A new instance (in a project of its own) with the given nodes, for rows to belong to.</summary>
    protected async Task<string> InstanceAsync(Engine engine, params string[] nodeIds)
    {
        var registry = Store<IRegistryStore>();
        var id = Guid.NewGuid().ToString("N");
        var project = new Project("p" + id, "project-" + id, T0);
        await registry.UpsertProjectAsync(project);
        await registry.UpsertInstanceAsync(new Instance(id, project.Id, "db-" + id, engine, T0),
            [.. nodeIds.Select((node, i) => new Node(id, node, "group-0", "127.0.0.1", 6379 + i, "master", "UTC", null, null, null,
                new Dictionary<string, string>()))]);
        return id;
    }

    protected Task<SourceRecord> SourceAsync(string instanceId, string nodeId, LogKind kind) =>
        Store<ISourceStore>().GetOrCreateSourceAsync(instanceId, nodeId, kind);

    /// <summary>A new MySQL instance with the given nodes, and the audit stream of its first node.</summary>
    protected async Task<(string Instance, SourceRecord Source)> AuditSourceAsync(params string[] nodes)
    {
        var instance = await InstanceAsync(Engine.Mysql, nodes);
        return (instance, await SourceAsync(instance, nodes[0], LogKind.MariadbAudit));
    }
}
