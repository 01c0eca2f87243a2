using System.Net;
using System.Text.RegularExpressions;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.WebConsole;

/// <summary>The console's security over plain HTTP: redirects, the session cookie, anti-forgery, project isolation, throttling.</summary>
public sealed class ConsoleHttpTests
{
    [Fact]
    public async Task The_root_redirects_to_the_console_and_without_a_session_every_page_redirects_to_sign_in()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);

        var root = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, root.StatusCode);
        Assert.Equal("/console/", root.Headers.Location!.OriginalString);

        foreach (var path in new[] { "/console/", $"/console/mysql/{instance}/audit?range=week" })
        {
            var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.StartsWith("/console/signin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var back = await app.Client.GetAsync($"/console/mysql/{instance}/audit?range=week");
        Assert.Equal($"/console/signin?returnUrl={Uri.EscapeDataString($"/console/mysql/{instance}/audit?range=week")}", back.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/console/assets/console.css")).StatusCode);
    }

    [Theory]
    [InlineData("http://localhost/", false)]
    [InlineData("https://localhost/", true)]
    public async Task The_session_cookie_is_HttpOnly_SameSite_Strict_Secure_under_HTTPS_and_expires_with_the_token(string baseAddress, bool secure)
    {
        await using var app = await TestApp.StartAsync();
        app.Client.BaseAddress = new Uri(baseAddress);
        var project = await app.CreateProjectAsync();
        var browser = new CookieBrowser(app.Client);

        var signIn = await browser.SignInAsync(project.Name, project.UserName, TestApp.DefaultPassword);

        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal("/console/", signIn.Headers.Location!.OriginalString);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dblogs_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        var expires = DateTimeOffset.Parse(Regex.Match(cookie, "expires=([^;]+)", RegexOptions.IgnoreCase).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, app.Clock.Now.AddHours(24).AddSeconds(-2), app.Clock.Now.AddHours(24).AddSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/")).StatusCode);

        // The session ends with its token.
        app.Clock.Advance(TimeSpan.FromHours(24));
        var expired = await browser.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.Found, expired.StatusCode);
        Assert.StartsWith("/console/signin", expired.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_the_anti_forgery_token_is_refused_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);
        var browser = new CookieBrowser(app.Client);
        await browser.SignInAsync(project.Name, project.UserName, TestApp.DefaultPassword);

        var forged = await browser.PostAsync($"/console/mysql/{instance}/audit?handler=policy", null, ("keepDays", "7"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var signOut = await browser.PostAsync("/console/signout", null);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);

        var policy = await app.SendWithTokenAsync(HttpMethod.Get, $"/v3/{project.Id}/instances/{instance}/auditlog-policy", await app.IssueTokenAsync(project));
        Assert.Contains("\"state\":\"NOT_SET\"", await policy.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // With the token the same post is taken, and signing out ends the session.
        var page = await (await browser.GetAsync($"/console/mysql/{instance}/audit")).Content.ReadAsStringAsync();
        var token = CookieBrowser.TokenIn(page);
        Assert.Equal(HttpStatusCode.Found, (await browser.PostAsync($"/console/mysql/{instance}/audit?handler=policy", token, ("keepDays", "7"))).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.PostAsync("/console/signout", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_revokes_the_token_so_a_copied_cookie_and_the_token_on_an_API_route_work_no_more()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);
        var browser = new CookieBrowser(app.Client);
        var signIn = await browser.SignInAsync(project.Name, project.UserName, TestApp.DefaultPassword);
        var token = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dblogs_console=", StringComparison.Ordinal)).Split(';')[0]["dblogs_console=".Length..];
        var api = $"/v3/{project.Id}/instances/{instance}/auditlog-policy";
        async Task<HttpResponseMessage> CopiedCookieAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/console/");
            request.Headers.Add("Cookie", "dblogs_console=" + token);
            return await app.Client.SendAsync(request);
        }

        // Both used once before, so the token is also in the service's cache.
        Assert.Equal(HttpStatusCode.OK, (await CopiedCookieAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendWithTokenAsync(HttpMethod.Get, api, token)).StatusCode);

        var page = await (await browser.GetAsync("/console/")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Found, (await browser.PostAsync("/console/signout", CookieBrowser.TokenIn(page))).StatusCode);

        var copied = await CopiedCookieAsync();
        Assert.Equal(HttpStatusCode.Found, copied.StatusCode);
        Assert.StartsWith("/console/signin", copied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SendWithTokenAsync(HttpMethod.Get, api, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendWithTokenAsync(HttpMethod.Get, api, await app.IssueTokenAsync(project))).StatusCode);
    }

    [Fact]
    public async Task Another_projects_instance_answers_exactly_like_a_missing_one()
    {
        await using var app = await TestApp.StartAsync();
        var mine = await app.CreateProjectAsync("mine");
        var theirs = await app.CreateProjectAsync("theirs");
        var myRedis = await app.CreateRedisInstanceAsync(mine);
        var theirRedis = await app.CreateRedisInstanceAsync(theirs);
        var theirMysql = await app.CreateMysqlInstanceAsync(theirs);
        var browser = new CookieBrowser(app.Client);
        await browser.SignInAsync(mine.Name, mine.UserName, TestApp.DefaultPassword);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/console/redis/{myRedis}/runlogs")).StatusCode);
        var missing = await browser.GetAsync($"/console/redis/{Guid.NewGuid():D}/runlogs");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var missingBody = await missing.Content.ReadAsStringAsync();
        foreach (var path in new[]
        {
            $"/console/redis/{theirRedis}/runlogs", $"/console/redis/{theirRedis}/slowlog", $"/console/mysql/{theirMysql}/audit",
            $"/console/mysql/{theirMysql}/errorlog", $"/console/mysql/{theirMysql}/slowlog", $"/console/mysql/{myRedis}/audit",
        })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(missingBody, await response.Content.ReadAsStringAsync());
        }

        var index = await (await browser.GetAsync("/console/")).Content.ReadAsStringAsync();
        Assert.Contains(myRedis, index, StringComparison.Ordinal);
        Assert.DoesNotContain(theirRedis, index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_user_and_then_the_client_address_with_a_429_page()
    {
        await using var app = await TestApp.StartAsync(["--Login:MaxFailuresPerUser=3", "--Login:MaxFailuresPerAddress=5"]);
        var project = await app.CreateProjectAsync();
        var browser = new CookieBrowser(app.Client);

        for (var i = 0; i < 3; i++)
        {
            var wrong = await browser.SignInAsync(project.Name, project.UserName, "wrong");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var locked = await browser.SignInAsync(project.Name, project.UserName, TestApp.DefaultPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Contains("Too many failed sign-ins", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(locked.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("dblogs_console=", StringComparison.Ordinal)));

        // The same address trying other user names: two more failures fill its count.
        await browser.SignInAsync(project.Name, "bob", "wrong");
        await browser.SignInAsync(project.Name, "carol", "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SignInAsync(project.Name, "dave", "wrong")).StatusCode);
    }
}
