using System.Net;
using DbLogs.Processing.RedisRun;
using DbLogs.Storage.Files;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RunLogs;

/// <summary>Day files are deleted (entry and file) once they were last collected more than the configured days ago.</summary>
public sealed class RunLogRetentionTests
{
    [Theory]
    [InlineData(null, 7)]
    [InlineData(2, 2)]
    public async Task Sweep_deletes_entries_and_files_older_than_the_kept_days(int? keepDays, int expectedDays)
    {
        await using var app = await TestApp.StartAsync(keepDays is null ? null : [$"--RunLogKeepDays={keepDays}"], now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var files = app.Services.GetRequiredService<CollectedFileStore>();
        var retention = app.Services.GetRequiredService<RunLogRetention>();
        var old = await SeedWithFileAsync(scene, files, new DateOnly(2026, 3, 9));
        var newer = await SeedWithFileAsync(scene, files, new DateOnly(2026, 3, 10));

        // The seeder dates entries at the epoch: date them as a collection an hour apart would.
        await TouchAsync(app, old, DcsScene.Now);
        await TouchAsync(app, newer, DcsScene.Now + TimeSpan.FromHours(1));

        app.Clock.Now = DcsScene.Now + TimeSpan.FromDays(expectedDays) - TimeSpan.FromMinutes(1);
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
        Assert.True(files.Exists(DownloadAreas.RunLog, old));

        app.Clock.Now = DcsScene.Now + TimeSpan.FromDays(expectedDays) + TimeSpan.FromMinutes(1);
        Assert.Equal(1, await retention.SweepAsync(CancellationToken.None));
        Assert.False(files.Exists(DownloadAreas.RunLog, old));
        Assert.True(files.Exists(DownloadAreas.RunLog, newer));
        var client = new RunLogClient(app, scene.Project, scene.Instance);
        Assert.Equal([newer], (await client.ListAsync()).Select(e => e.Id));
        await DcsAssert.ErrorAsync(await scene.PostAsync(scene.Links(old)), HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await retention.SweepAsync(CancellationToken.None));
        Assert.Empty(await client.ListAsync());
    }

    private static async Task<string> SeedWithFileAsync(DcsScene scene, CollectedFileStore files, DateOnly day)
    {
        var id = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", day);
        await files.WriteAsync(DownloadAreas.RunLog, id, (s, ct) => s.WriteAsync("1:M line\n"u8.ToArray(), ct).AsTask());
        return id;
    }

    private static async Task TouchAsync(TestApp app, string id, DateTimeOffset at) =>
        await app.Services.GetRequiredService<DbLogs.Storage.RedisRun.IRedisRunStore>().FinishAsync(id, "succeed", 9, at);
}
