using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

/// <summary>Guessing passwords is answered by lockout and throttling, the same for existing and unknown user names.</summary>
public class SignInLockoutTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_for_15_minutes_even_against_the_right_one()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(app, project, "alice", "guess " + i)).StatusCode);
        }

        var locked = await SignIn(app, project, "alice", TestApp.DefaultPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Contains("\"code\":429", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Created, (await SignIn(app, project, "alice", TestApp.DefaultPassword)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_name_locks_the_same_way_so_a_lockout_reveals_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await SignIn(app, project, "mallory", "guess " + i)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task Two_hundred_guesses_in_a_row_are_mostly_refused_before_any_password_check()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();

        var checkedGuesses = 0;
        for (var i = 0; i < 200; i++)
        {
            // Spread over user names, as a guesser would once one name is locked: the address is throttled too.
            var response = await SignIn(app, project, "user" + (i % 50), "guess " + i);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
            checkedGuesses += response.StatusCode == HttpStatusCode.Unauthorized ? 1 : 0;
        }

        // 20 failures from one address throttle it (LoginOptions.MaxFailuresPerAddress).
        Assert.Equal(20, checkedGuesses);
    }

    private static Task<HttpResponseMessage> SignIn(TestApp app, TestProject project, string user, string password) =>
        app.Client.PostAsync("/v3/auth/tokens", TestApp.TokenRequest(user, password, project.Id));
}
