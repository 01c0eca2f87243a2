using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.WebConsole;

/// <summary>The live tail pages over HTTP: the form, the stream handler answering with the tail route's checks, project isolation.</summary>
public sealed class ConsoleTailHttpTests
{
    [Fact]
    public async Task The_tail_page_offers_the_nodes_and_kinds_its_stream_is_the_tail_route_and_another_projects_is_not_found()
    {
        await using var app = await TestApp.StartAsync();
        var mine = await app.CreateProjectAsync("mine");
        var theirs = await app.CreateProjectAsync("theirs");
        var mysql = await app.CreateMysqlInstanceAsync(mine);
        var redis = await app.CreateRedisInstanceAsync(mine);
        var theirRedis = await app.CreateRedisInstanceAsync(theirs);
        var browser = new CookieBrowser(app.Client);
        await browser.SignInAsync(mine.Name, mine.UserName, TestApp.DefaultPassword);

        var page = await browser.GetAsync($"/console/mysql/{mysql}/tail?node_id=n1&kind=mariadb-slow");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("connect-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<option value=\"mariadb-slow\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains("/console/assets/tail.js", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/console/mysql/{mysql}/tail\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/console/assets/tail.js")).StatusCode);

        // Nothing collected yet: the tail route's own 400 and message.
        var stream = await browser.GetAsync($"/console/mysql/{mysql}/tail?handler=stream&node_id=n1&kind=mariadb-slow");
        Assert.Equal(HttpStatusCode.BadRequest, stream.StatusCode);
        Assert.Contains("no mariadb-slow log has been collected from node n1 yet", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync($"/console/redis/{redis}/tail?handler=stream&node_id=r00&kind=mariadb-slow")).StatusCode);

        foreach (var path in new[] { $"/console/redis/{theirRedis}/tail", $"/console/redis/{theirRedis}/tail?handler=stream&node_id=r00&kind=redis-run", $"/console/mysql/{redis}/tail" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(path)).StatusCode);
        }
    }
}
