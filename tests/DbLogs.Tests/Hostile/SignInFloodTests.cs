using System.Diagnostics;
using System.Net;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;
using Xunit.Abstractions;

namespace DbLogs.Tests.Hostile;

/// <summary>
/// Password guessing against the real service with lockout and throttling turned off, so every guess costs a full
/// password check: what is left to protect the service is the bounded number of checks at once and the dummy hash.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class SignInFloodTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServeProcess _serve = null!;

    public async Task InitializeAsync() => _serve = await ServeProcess.StartAsync(new ServeOptions
    {
        BootstrapJson = ProcessBootstrap.Json(),
        ExtraArgs = ["--EmbeddedCollector=false", "--Login:MaxFailuresPerUser=1000000", "--Login:MaxFailuresPerAddress=1000000"],
    });

    public async Task DisposeAsync() => await _serve.DisposeAsync();

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_take_the_same_time()
    {
        await SignIn("alice", "warm-up");
        var existing = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            existing.Add(await TimedSignIn(ProcessBootstrap.UserName));
            unknown.Add(await TimedSignIn("nobody-" + i));
        }

        var ratio = Median(existing) / Median(unknown);
        output.WriteLine($"sign-in p50: existing user, wrong password {Median(existing):0.0} ms; unknown user {Median(unknown):0.0} ms; ratio {ratio:0.00}");
        Assert.True(ratio is > 1 / 3.0 and < 3, $"median existing {Median(existing):0.0} ms, unknown {Median(unknown):0.0} ms (ratio {ratio:0.00})");
    }

    [Fact]
    public async Task Sixteen_clients_guessing_passwords_leave_health_and_lists_fast()
    {
        var token = await ValidTokenAsync();
        using var stop = new CancellationTokenSource();
        var guesses = 0;
        var flood = Enumerable.Range(0, 16).Select(async client =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await SignIn(ProcessBootstrap.UserName, "guess " + client);
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
                Interlocked.Increment(ref guesses);
            }
        }).ToArray();

        await Task.Delay(500);
        var health = new List<double>();
        var list = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            health.Add(await Timed(() => _serve.Client.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK));
            list.Add(await Timed(() => ListRedislog(token), HttpStatusCode.NoContent));
        }

        await stop.CancelAsync();
        await Task.WhenAll(flood);
        output.WriteLine($"during {guesses} guesses by 16 clients: /health p50 {Median(health):0.0} ms, ListRedislog p50 {Median(list):0.0} ms");
        Assert.True(guesses >= 16, $"the flood made only {guesses} guesses");
        Assert.True(Median(health) < 50, $"/health p50 {Median(health):0.0} ms during the flood ({guesses} guesses)");
        Assert.True(Median(list) < 50, $"ListRedislog p50 {Median(list):0.0} ms during the flood ({guesses} guesses)");
    }

    private async Task<string> ValidTokenAsync()
    {
        using var response = await SignIn(ProcessBootstrap.UserName, ProcessBootstrap.Password);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private Task<HttpResponseMessage> ListRedislog(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get,
            $"/v2/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.RedisInstanceId}/redislog?log_type=run");
        request.Headers.Add("X-Auth-Token", token);
        return _serve.Client.SendAsync(request);
    }

    private async Task<double> TimedSignIn(string user) => await Timed(() => SignIn(user, "wrong password"), HttpStatusCode.Unauthorized);

    private Task<HttpResponseMessage> SignIn(string user, string password) =>
        _serve.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative), TestApp.TokenRequest(user, password, ProcessBootstrap.ProjectId));

    private static async Task<double> Timed(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        using var response = await send();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Assert.Equal(expected, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
