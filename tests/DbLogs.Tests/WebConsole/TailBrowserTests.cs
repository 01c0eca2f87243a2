using DbLogs.Core.Logs;
using DbLogs.Tests.RealServers;
using Microsoft.Playwright;

namespace DbLogs.Tests.WebConsole;

/// <summary>The live tail page in chromium: a line redis-server writes appears on it, and Stop stops it.</summary>
[Collection(ConsoleBrowserGroup.Name)]
public sealed class TailBrowserTests(ConsoleBrowser browser)
{
    private const string InstanceId = "7d1c4f0e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";

    [Fact]
    public async Task A_line_written_to_the_redis_log_appears_on_the_tail_page_and_Stop_ends_the_stream()
    {
        await using var redis = await RedisServer.StartAsync("--enable-debug-command", "yes");
        await using var service = await ConsoleService.StartAsync([new
        {
            id = InstanceId,
            name = "cache-tail",
            engine = "redis",
            shards = new[] { new { name = "group-0", replicas = new[] { new { id = "r1", ip = "127.0.0.1", port = redis.Port, role = "master", time_zone = "UTC", logs = new { run = redis.LogFile } } } } },
        }]);
        await Collected.AssertEventuallyEqualAsync(service.App, LogKind.RedisRun, () => Collected.Concatenate([redis.LogFile]));
        var page = await browser.NewPageAsync(service.BaseAddress);
        await ConsoleService.SignInAsync(page);

        await page.GotoAsync($"/console/redis/{InstanceId}/runlogs");
        await page.GetByRole(AriaRole.Link, new() { Name = "Live tail" }).ClickAsync();
        await page.GetByLabel("Node").SelectOptionAsync("r1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tail-status")).ToContainTextAsync("Live");
        Assert.Contains("node_id=r1", page.Url, StringComparison.Ordinal);
        var marker = "console-tail-" + Guid.NewGuid().ToString("N");
        Assert.Equal("+OK", await redis.CommandAsync("DEBUG", "LOG", marker));
        await Assertions.Expect(page.Locator("#tail-lines")).ToContainTextAsync(marker, new() { Timeout = 20_000 });
        await ConsoleBrowser.ScreenshotAsync(page, "redis-tail");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tail-status")).ToHaveTextAsync("Stopped.");
        var after = "after-stop-" + Guid.NewGuid().ToString("N");
        Assert.Equal("+OK", await redis.CommandAsync("DEBUG", "LOG", after));
        await Task.Delay(1000);
        Assert.DoesNotContain(after, await page.Locator("#tail-lines").TextContentAsync() ?? "", StringComparison.Ordinal);
    }
}
