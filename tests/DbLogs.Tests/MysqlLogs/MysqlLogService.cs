using System.Globalization;
using System.Text.Json;
using DbLogs.Processing.Streams;
using DbLogs.Tests.Api.Rds;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.MysqlLogs;

/// <summary>
/// A DbLogs service whose embedded collector tails a real mariadbd's error and slow logs, with an access key to call the
/// RDS routes. The data directory belongs to the caller, so a second service can start on it (a restart).
/// </summary>
internal sealed class MysqlLogService : IAsyncDisposable
{
    private MysqlLogService(TestApp app, TestProject project, string instanceId)
    {
        App = app;
        Project = project;
        InstanceId = instanceId;
    }

    public TestApp App { get; }

    public TestProject Project { get; }

    public string InstanceId { get; }

    /// <summary>Writes the bootstrap file (one project with an access key, one MySQL instance whose node logs to the server's files).</summary>
    public static (string Path, TestProject Project, string InstanceId) WriteBootstrap(string directory, MariaDbServer server) =>
        SignedMariaDbBootstrap.Write(directory, server, TimeZoneInfo.Local.Id, new { slow = server.SlowLog, error = server.ErrorLog });

    public static async Task<MysqlLogService> StartAsync((string Path, TestProject Project, string InstanceId) bootstrap, string dataDirectory) =>
        new(await TestApp.StartAsync(["--bootstrap", bootstrap.Path], now: DateTimeOffset.UtcNow, dataDirectory: dataDirectory),
            bootstrap.Project, bootstrap.InstanceId);

    /// <summary>Runs the followers now.</summary>
    public Task CatchUpAsync() => App.Services.GetRequiredService<StreamFollowers>().CatchUpAllAsync(CancellationToken.None);

    /// <summary>
    /// Runs the followers, then again after the quiet period, so the last record of each stream (which nothing follows yet)
    /// counts as complete.
    /// </summary>
    public async Task CatchUpAndCompleteAsync()
    {
        var followers = App.Services.GetRequiredService<StreamFollowers>();
        await followers.CatchUpAllAsync(CancellationToken.None);
        App.Clock.Advance(ParsedLogTiming.QuietPeriod + TimeSpan.FromSeconds(1));
        await followers.CatchUpAllAsync(CancellationToken.None);
    }

    /// <summary>GETs an RDS route of the instance (<paramref name="relative"/> after <c>/instances/{id}</c>) signed with the access key.</summary>
    public async Task<JsonElement> GetAsync(string relative) =>
        await RdsFixture.OkJsonAsync(await App.SendSignedAsync(HttpMethod.Get, $"/v3/{Project.Id}/instances/{InstanceId}{relative}", Project));

    /// <summary>An hour either side of now, in the API's date format.</summary>
    public static string Window(string start = "start_date", string end = "end_date")
    {
        var now = DateTimeOffset.UtcNow;
        return $"{start}={Format(now.AddHours(-1))}&{end}={Format(now.AddHours(1))}";
    }

    private static string Format(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "%2B0000";

    public async ValueTask DisposeAsync() => await App.StopAndDisposeAsync();
}
