using System.Text.RegularExpressions;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Playwright;

namespace DbLogs.Tests.WebConsole;

/// <summary>A person in chromium with a real redis-server behind the console: instances, run logs, slow log, sign-out.</summary>
[Collection(ConsoleBrowserGroup.Name)]
public sealed partial class RedisConsoleBrowserTests(ConsoleBrowser browser)
{
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$")]
    private static partial Regex ShanghaiTime { get; }

    [Fact]
    public async Task Sign_in_collect_a_run_log_download_it_see_the_slow_log_chart_and_sign_out()
    {
        await using var redis = await RedisServer.StartAsync();
        Assert.Equal("+PONG", await redis.CommandAsync("PING"));
        await using var service = await ConsoleService.StartAsync([new
        {
            id = InstanceId,
            name = "cache-console",
            engine = "redis",
            shards = new[] { new { name = "group-0", replicas = new[] { new { id = "r1", ip = "127.0.0.1", port = redis.Port, role = "master", time_zone = "UTC", logs = new { run = redis.LogFile } } } } },
        }]);
        var seeder = new LogSeeder(service.App);
        for (var i = 0; i < 12; i++)
        {
            await seeder.RedisSlowAsync(InstanceId, "r1", i, service.App.Clock.Now.AddMinutes(-50 + (i * 4)), 1000 + (i * 7919 % 20000), $"GET key:{i}");
        }

        var page = await browser.NewPageAsync(service.BaseAddress);
        await ConsoleService.SignInAsync(page);

        // Instances: this project's only; the node's run log is being collected.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "cache-console" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText("other-cache").CountAsync());
        await Assertions.Expect(page.GetByText("redis-run")).ToBeVisibleAsync();
        var shown = await page.Locator("ul.health time").First.TextContentAsync();
        Assert.Matches(ShanghaiTime, shown!);
        await ConsoleBrowser.ScreenshotAsync(page, "instances");

        // Run logs: collect today's, wait for succeed (the page refreshes itself), download it.
        await page.GetByRole(AriaRole.Link, new() { Name = "cache-console" }).ClickAsync();
        await page.WaitForURLAsync($"**/console/redis/{InstanceId}/runlogs");
        await page.GetByLabel("Days of r1").SelectOptionAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Collect the run log of r1" }).ClickAsync();
        await Assertions.Expect(page.Locator("#runlogs td.state-succeed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ConsoleBrowser.ScreenshotAsync(page, "redis-runlogs");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#runlogs a[download]").First.ClickAsync());
        Assert.Matches(@"^redis_127\.0\.0\.1_\d{4}-\d\d-\d\d\.log$", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var log = Collected.Concatenate([redis.LogFile]);
        Assert.NotEmpty(bytes);
        Assert.True(log.AsSpan().StartsWith(bytes), "the downloaded day file is not the node's log as written (started today)");

        // Slow log: a dot per entry, and sorting by duration puts the slowest first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Slow log" }).ClickAsync();
        await Assertions.Expect(page.Locator("figure.chart svg circle")).ToHaveCountAsync(12);
        await page.GetByRole(AriaRole.Link, new() { Name = "Duration" }).ClickAsync();
        await page.WaitForURLAsync("**sort=duration**");
        var durations = await page.Locator("#slowlog tbody td.num").AllTextContentsAsync();
        var values = durations.Select(d => double.Parse(d.Replace(" ms", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.OrderByDescending(v => v), values);
        await ConsoleBrowser.ScreenshotAsync(page, "redis-slowlog");

        // Another project's instance answers like a missing one; after sign-out the console asks to sign in again.
        var other = await page.GotoAsync($"/console/redis/{ConsoleService.OtherRedis}/runlogs");
        Assert.Equal(404, other!.Status);
        var otherText = await other.TextAsync();
        var missing = await page.GotoAsync($"/console/redis/{Guid.NewGuid():D}/runlogs");
        Assert.Equal(404, missing!.Status);
        Assert.Equal(await missing.TextAsync(), otherText);
        await page.GotoAsync("/console/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/console/signin");
        await page.GotoAsync($"/console/redis/{InstanceId}/runlogs");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
