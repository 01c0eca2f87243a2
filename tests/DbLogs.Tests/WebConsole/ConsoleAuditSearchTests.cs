using System.Net;
using DbLogs.Core.Logs;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.WebConsole;

/// <summary>The audit search page over the same store and checks as the audit-records route.</summary>
public sealed class ConsoleAuditSearchTests
{
    [Fact]
    public async Task The_search_page_shows_the_matching_records_newest_first_the_routes_errors_and_no_other_projects_instance()
    {
        await using var app = await TestApp.StartAsync();
        var mine = await app.CreateProjectAsync("mine");
        var theirs = await app.CreateProjectAsync("theirs");
        var instance = await app.CreateMysqlInstanceAsync(mine);
        var theirInstance = await app.CreateMysqlInstanceAsync(theirs);
        var source = await app.Services.GetRequiredService<ISourceStore>().GetOrCreateSourceAsync(instance, "n1", LogKind.MariadbAudit);
        var t0 = app.Clock.Now.AddMinutes(-30);
        AuditRecord Record(int minute, string user, string query) =>
            new(t0.AddMinutes(minute), 480, "db1", user, "10.0.0.7", 42, minute, "QUERY", "shop", null, query, 0, "DML");
        await app.Services.GetRequiredService<IAuditRecordStore>().CommitAsync(source.Id, "records",
        [
            new(instance, "n1", 0, Record(1, "app", "SELECT first_marker FROM t")), new(instance, "n1", 100, Record(2, "bob", "SELECT bobs_marker FROM t")),
            new(instance, "n1", 200, Record(3, "app", "SELECT second_marker FROM t")),
        ], new StreamCursor(300, null));
        var browser = new CookieBrowser(app.Client);
        await browser.SignInAsync(mine.Name, mine.UserName, TestApp.DefaultPassword);

        var page = await browser.GetAsync($"/console/mysql/{instance}/search?range=day&user=app&keyword=marker&host=&operation=&node_id=n1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("2 match", html, StringComparison.Ordinal);
        Assert.DoesNotContain("bobs_marker", html, StringComparison.Ordinal);
        var second = html.IndexOf("second_marker", StringComparison.Ordinal);
        Assert.InRange(second, 0, html.IndexOf("first_marker", StringComparison.Ordinal));
        Assert.Contains("File still open", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/console/mysql/{instance}/search\"", html, StringComparison.Ordinal);

        var refused = await (await browser.GetAsync($"/console/mysql/{instance}/search?operation=SELECT")).Content.ReadAsStringAsync();
        Assert.Contains("The search was refused", refused, StringComparison.Ordinal);
        Assert.Contains("operation", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("auditrecords", refused, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/console/mysql/{theirInstance}/search")).StatusCode);
    }
}
