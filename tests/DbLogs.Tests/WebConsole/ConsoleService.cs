using System.Text.Json;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Playwright;

namespace DbLogs.Tests.WebConsole;

/// <summary>
/// A service on a real loopback listener, started with a bootstrap file of two projects: "console" (user alice and the
/// given instances, whose logs the embedded collector tails) and "other" (one instance of each engine that console's
/// user must never see).
/// </summary>
public sealed class ConsoleService : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "console-test-password";
    public const string OtherRedis = "0c7e1d2a-5b6f-4c3d-9e8f-7a6b5c4d3e2f";
    public const string OtherMysql = "0123456789abcdef0123456789abcdefin01";

    private ConsoleService(TestApp app, string directory)
    {
        App = app;
        Directory = directory;
    }

    public TestApp App { get; }

    public string Directory { get; }

    public Uri BaseAddress => App.BaseAddress!;

    public static async Task<ConsoleService> StartAsync(object[] instances, params string[] args)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("dblogs-console-").FullName;
        var bootstrap = Path.Combine(directory, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, JsonSerializer.Serialize(new
        {
            projects = new object[]
            {
                new { id = Guid.NewGuid().ToString("N"), name = "console", users = new[] { new { name = User, password = Password } }, instances },
                new
                {
                    id = Guid.NewGuid().ToString("N"),
                    name = "other",
                    users = new[] { new { name = User, password = Password } },
                    instances = new object[]
                    {
                        new { id = OtherRedis, name = "other-cache", engine = "redis", shards = new[] { new { name = "group-0", replicas = new[] { new { id = "o1", ip = "127.0.0.9", port = 6379, role = "master", time_zone = "UTC" } } } } },
                        new { id = OtherMysql, name = "other-db", engine = "mysql", nodes = new[] { new { id = "o1", ip = "127.0.0.9", port = 3306, time_zone = "UTC" } } },
                    },
                },
            },
        }));
        var app = await TestApp.StartAsync(["--bootstrap", bootstrap, "--FollowerInterval=00:00:01", .. args], DateTimeOffset.UtcNow, listen: true);
        return new ConsoleService(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAndDisposeAsync();
        ServerTools.DeleteDirectory(Directory);
    }

    /// <summary>Signs in through the form, as a person would, starting from a page that needs a session.</summary>
    public static async Task SignInAsync(IPage page, string project = "console", string password = Password)
    {
        await page.GotoAsync("/console/");
        Assert.Contains("/console/signin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Project").FillAsync(project);
        await page.GetByLabel("User").FillAsync(User);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Longer than the context's 30 s: on a 2-core machine running the whole suite, this page's load once took more.
        await page.WaitForURLAsync(url => url.EndsWith("/console/", StringComparison.Ordinal), new() { Timeout = 90_000 });
    }
}
