using System.Diagnostics;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Playwright;

namespace DbLogs.Tests.WebConsole;

/// <summary>
/// A person in chromium with a real mariadbd behind the console: the audit policy applied (and a wrong node password
/// shown as failed), audit files closed, listed and downloaded, the error log and the slow log with its chart.
/// </summary>
[Collection(ConsoleBrowserGroup.Name)]
public sealed class MysqlConsoleBrowserTests(ConsoleBrowser browser, MariaDbTemplate template) : IClassFixture<MariaDbTemplate>
{
    private const string Good = "11111111111111111111111111111111in01";
    private const string WrongPassword = "22222222222222222222222222222222in01";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task The_audit_policy_applies_audit_files_download_and_the_error_and_slow_logs_show()
    {
        await using var server = await MariaDbServer.StartAsync(template: template);
        await server.SqlAsync("CREATE USER 'auditor'@'localhost' IDENTIFIED BY 'the-real-one'; GRANT ALL ON *.* TO 'auditor'@'localhost';" +
            "SET GLOBAL server_audit_logging = OFF;");
        await using var service = await ConsoleService.StartAsync(
        [
            new
            {
                id = Good, name = "db-console", engine = "mysql",
                nodes = new[] { new { id = "n1", ip = "127.0.0.1", port = server.Port, time_zone = "UTC", socket = server.Socket, user = "root",
                    logs = new { audit = server.AuditLog, error = server.ErrorLog } } },
            },
            new
            {
                id = WrongPassword, name = "db-wrong-password", engine = "mysql",
                nodes = new[] { new { id = "n1", ip = "127.0.0.1", port = server.Port, time_zone = "UTC", socket = server.Socket, user = "auditor", password = "not-the-one" } },
            },
        ], "--AuditPolicyInterval=00:00:00.300");
        var page = await browser.NewPageAsync(service.BaseAddress);
        await ConsoleService.SignInAsync(page);

        // The policy: keep 7 days, every type; applied on the real server.
        await page.GetByRole(AriaRole.Link, new() { Name = "db-console" }).ClickAsync();
        await page.WaitForURLAsync($"**/console/mysql/{Good}/audit");
        await page.GetByLabel("Keep audit files").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the policy" }).ClickAsync();
        await ReloadUntilAsync(page, "#policy-state", "APPLIED");
        Assert.Equal("ON", await VariableAsync(server, "server_audit_logging"));

        // Audit files: statements, then "close the current file now" until a file is listed; its bytes are the plugin's.
        await server.SqlAsync("CREATE DATABASE console_test; CREATE TABLE console_test.t (id INT); INSERT INTO console_test.t VALUES (1), (2);");
        var watch = Stopwatch.StartNew();
        while (await page.Locator("#auditfiles tbody tr").CountAsync() == 0)
        {
            Assert.True(watch.Elapsed < Timeout, "no audit file was listed after closing the current one");
            await page.GetByRole(AriaRole.Button, new() { Name = "Close the current file now" }).ClickAsync();
            await page.WaitForLoadStateAsync();
            await Task.Delay(500);
            await page.GotoAsync($"/console/mysql/{Good}/audit");
        }

        await ConsoleBrowser.ScreenshotAsync(page, "mysql-audit");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#auditfiles a[download]").First.ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var plugin = Collected.Concatenate(server.AuditFiles());
        Assert.NotEmpty(bytes);
        Assert.True(plugin.AsSpan().IndexOf(bytes) >= 0, "the downloaded audit file is not a run of the plugin's bytes");
        Assert.Contains("console_test", System.Text.Encoding.UTF8.GetString(plugin), StringComparison.Ordinal);

        // Several files at once: tick them, and each gets a link.
        await page.Locator("#auditfiles input[type=checkbox]").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Links for the selected files" }).ClickAsync();
        await Assertions.Expect(page.Locator("#links a")).ToHaveCountAsync(1);

        // A node whose password is wrong: the change is shown as failed, with the server's reason.
        await page.GotoAsync($"/console/mysql/{WrongPassword}/audit");
        await page.GetByLabel("Keep audit files").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the policy" }).ClickAsync();
        await ReloadUntilAsync(page, "#policy-state", "FAILED");
        await Assertions.Expect(page.GetByText("Access denied").First).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "mysql-audit-failed");

        // Error log: what mariadbd wrote at start, by level.
        await page.GotoAsync($"/console/mysql/{Good}/errorlog?range=day");
        await ReloadUntilAsync(page, "main", "Time");
        await ConsoleBrowser.ScreenshotAsync(page, "mysql-errorlog");

        // Slow log: entries and the top statements with a bar each.
        var seeder = new LogSeeder(service.App);
        for (var i = 0; i < 9; i++)
        {
            await seeder.MysqlSlowAsync(Good, service.App.Clock.Now.AddMinutes(-30 + i), 1.5 + i, $"SELECT * FROM t{i % 3} WHERE id = N");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Slow log" }).ClickAsync();
        await Assertions.Expect(page.Locator("figure.chart svg rect.bar")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#slowentries tbody tr")).ToHaveCountAsync(9);
        await ConsoleBrowser.ScreenshotAsync(page, "mysql-slowlog");

        Assert.Equal(404, (await page.GotoAsync($"/console/mysql/{ConsoleService.OtherMysql}/audit"))!.Status);
        await page.Context.CloseAsync();
    }

    private static async Task ReloadUntilAsync(IPage page, string selector, string text)
    {
        var watch = Stopwatch.StartNew();
        while (!(await page.Locator(selector).TextContentAsync() ?? string.Empty).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < Timeout, $"{selector} never showed {text}: {await page.Locator(selector).TextContentAsync()}");
            await Task.Delay(300);
            await page.ReloadAsync();
        }
    }

    private static async Task<string> VariableAsync(MariaDbServer server, string name) =>
        (await server.SqlAsync($"SHOW GLOBAL VARIABLES LIKE '{name}';")).TrimEnd('\n').Split('\t') is [_, var value] ? value : string.Empty;
}
