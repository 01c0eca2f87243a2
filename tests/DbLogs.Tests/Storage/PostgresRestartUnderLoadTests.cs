using System.Net;
using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Collection.EndToEnd;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Tests.Storage;

/// <summary>
/// The fault test of "connection failure is not data loss": PostgreSQL killed (<c>pg_ctl stop -m immediate</c>) and started
/// again while the embedded collector ships a file being written and a client lists; the service carries on by itself.
/// </summary>
public sealed class PostgresRestartUnderLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-pgfault-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_restart_under_load_loses_nothing_stops_no_background_service_and_the_service_answers_again_by_itself()
    {
        await using var cluster = await PostgresCluster.StartPrivateAsync(); // its own: it is stopped
        var log = Path.Combine(_dir, "redis-server.log");
        await using var app = await TestApp.StartAsync(
            ["--ConnectionStrings:Postgres", await cluster.CreateDatabaseAsync(), "--bootstrap", EmbeddedCollectorTests.WriteBootstrap(_dir, log)], now: DateTimeOffset.UtcNow);
        var written = new StringBuilder();
        using var stop = new CancellationTokenSource();
        var writer = WriteAsync(log, written, stop.Token);
        var lister = ListAsync(app, stop.Token);
        await Task.Delay(1500);

        Assert.Equal(0, (await cluster.ControlAsync("stop", "-m", "immediate")).ExitCode);
        await Task.Delay(4000);
        await cluster.RestartAsync();
        await Task.Delay(1500);
        await stop.CancelAsync();
        await writer;
        var statuses = await lister;

        Assert.Equal(written.ToString(), await WaitForStoredAsync(app, written.ToString())); // byte for byte: nothing lost, nothing twice
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses); // the outage was seen by clients...
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"a list answered {s}")); // ...never as a 500
        Assert.Equal(HttpStatusCode.OK, (await app.AdminAsync(HttpMethod.Get, "/admin/v1/sources")).StatusCode);
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.All(app.Services.GetServices<IHostedService>().OfType<BackgroundService>(),
            s => Assert.False(s.ExecuteTask is { IsFaulted: true }, $"{s.GetType().Name} stopped: {s.ExecuteTask?.Exception}"));
    }

    private static async Task WriteAsync(string path, StringBuilder written, CancellationToken ct)
    {
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            var line = $"100:M 21 Nov 2025 23:{i / 60 % 60:00}:{i % 60:00}.000 * line {i} {new string('x', i % 97)}\n";
            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line), CancellationToken.None);
            }

            written.Append(line);
            await Task.Delay(3, CancellationToken.None);
        }
    }

    private static async Task<List<HttpStatusCode>> ListAsync(TestApp app, CancellationToken ct)
    {
        var statuses = new List<HttpStatusCode>();
        while (!ct.IsCancellationRequested)
        {
            statuses.Add((await app.AdminAsync(HttpMethod.Get, "/admin/v1/sources")).StatusCode);
            await Task.Delay(50, CancellationToken.None);
        }

        return statuses;
    }

    private static async Task<string> WaitForStoredAsync(TestApp app, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string stored;
        while ((stored = await StoredAsync(app)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return stored;
    }

    private static async Task<string> StoredAsync(TestApp app)
    {
        try
        {
            var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(null)).SingleOrDefault(s => s.Kind == LogKind.RedisRun);
            if (source is null)
            {
                return string.Empty;
            }

            await using var stream = app.Services.GetRequiredService<SegmentStore>().OpenRead(source.Id, 0, source.Length);
            return await new StreamReader(stream).ReadToEndAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
            return string.Empty; // the pool's connections may still be the killed server's
        }
    }
}
