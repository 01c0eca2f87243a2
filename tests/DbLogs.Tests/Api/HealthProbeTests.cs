using System.Net;
using System.Reflection;
using System.Text.Json;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: the probes a supervisor or load balancer polls.</summary>
public class HealthProbeTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_once_started()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal((HttpStatusCode.OK, "live"), await StatusAsync(app, "/health/live"));
        Assert.Equal((HttpStatusCode.OK, "ready"), await StatusAsync(app, "/health/ready"));
    }

    [Fact]
    public async Task Ready_is_503_while_the_store_does_not_answer_and_live_stays_200()
    {
        FailingPingStore? store = null;
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<IRegistryStore>(sp =>
            (IRegistryStore)(store = FailingPingStore.Wrap(new SqliteRegistryStore(sp.GetRequiredService<SqliteDatabase>())))));
        Assert.Equal((HttpStatusCode.OK, "ready"), await StatusAsync(app, "/health/ready"));

        store!.Failing = true;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "store unavailable"), await StatusAsync(app, "/health/ready"));
        Assert.Equal((HttpStatusCode.OK, "live"), await StatusAsync(app, "/health/live"));

        store.Failing = false;
        Assert.Equal((HttpStatusCode.OK, "ready"), await StatusAsync(app, "/health/ready"));
    }

    [Fact]
    public async Task Ready_is_503_until_start_up_has_finished()
    {
        var data = Path.Combine(Path.GetTempPath(), "dblogs-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A first start migrates the store, so that the background services of the second find their tables.
            await (await TestApp.StartAsync(dataDirectory: data)).DisposeAsync();
            await using var app = await TestApp.StartAsync(dataDirectory: data, services: s =>
                s.Remove(s.Single(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType == typeof(StartupInitializer))));

            Assert.False(app.Services.GetRequiredService<StartupState>().Done);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "starting"), await StatusAsync(app, "/health/ready"));
            Assert.Equal((HttpStatusCode.OK, "live"), await StatusAsync(app, "/health/live"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(HttpStatusCode, string?)> StatusAsync(TestApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("status").GetString());
    }

    /// <summary>The real store, whose ping fails while <see cref="Failing"/> is set, as a store that stopped answering does.</summary>
    public class FailingPingStore : DispatchProxy
    {
        private IRegistryStore _inner = null!;

        public bool Failing { get; set; }

        public static FailingPingStore Wrap(IRegistryStore inner)
        {
            var proxy = Create<IRegistryStore, FailingPingStore>();
            var store = (FailingPingStore)(object)proxy;
            store._inner = inner;
            return store;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            Failing && targetMethod!.Name == nameof(IRegistryStore.PingAsync)
                ? Task.FromException(new SqliteException("unable to open database file", 14))
                : targetMethod!.Invoke(_inner, args);
    }
}
