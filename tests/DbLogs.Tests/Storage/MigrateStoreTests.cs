using DbLogs.Cli.Admin;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Xunit.Abstractions;

namespace DbLogs.Tests.Storage;

/// <summary><c>dblogs admin migrate-store</c>: an embedded store populated through the service, moved to PostgreSQL, answers the same.</summary>
public class MigrateStoreTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dblogs-migrate-" + Guid.NewGuid().ToString("N"));
    private ServiceStore _postgres = ServiceStore.Sqlite;

    public async Task InitializeAsync() => _postgres = await ServiceStore.StartAsync(postgres: true);

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        ServerTools.DeleteDirectory(_data);
    }

    [Fact]
    public async Task Every_list_route_answers_the_same_json_after_the_move_and_a_second_move_is_refused()
    {
        string[] routes;
        Dictionary<string, string> before;
        TestProject project;
        string token;
        await using (var app = await TestApp.StartAsync(now: Now, dataDirectory: _data))
        {
            project = await app.CreateProjectAsync();
            await app.CreateProjectAsync("second");
            var redis = await app.CreateRedisInstanceAsync(project, shards: 2);
            var mysql = await app.CreateMysqlInstanceAsync(project);
            var seed = new LogSeeder(app);
            for (var i = 0; i < 30; i++)
            {
                await seed.RunLogAsync(redis, "r00", "group-0", "127.0.0.1", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-i), i % 2 == 0 ? "succeed" : "failed");
                await seed.RedisSlowAsync(redis, "r10", i, Now.AddMinutes(-i), 1000 + (i * 37));
                await seed.AuditFileAsync(mysql, Now.AddHours(-i % 10), Now.AddHours(-i % 10).AddMinutes(30), sequence: i + 1);
                await seed.ErrorLogAsync(mysql, Now.AddMinutes(-i), i % 3 == 0 ? "ERROR" : "WARNING", $"error {i} 'quoted' Grüße");
                await seed.MysqlSlowAsync(mysql, Now.AddMinutes(-i), 0.5 + (i / 10.0), $"SELECT {i % 4} FROM t");
            }

            token = await app.IssueTokenAsync(project);
            var policy = await app.SendWithTokenAsync(HttpMethod.Put, $"/v3/{project.Id}/instances/{mysql}/auditlog-policy", token,
                """{"keep_days":7,"audit_types":["SELECT","INSERT"]}""");
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
            var window = "start_date=2026-01-01T00:00:00%2B0000&end_date=2026-01-02T00:00:00%2B0000";
            routes =
            [
                $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run&offset=0&limit=100",
                $"/v2/{project.Id}/instances/{redis}/slowlog?start_time={Now.AddHours(-2).ToUnixTimeMilliseconds()}&end_time={Now.ToUnixTimeMilliseconds()}&limit=100",
                $"/v3/{project.Id}/instances/{mysql}/auditlog?start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z&limit=50",
                $"/v3/{project.Id}/instances/{mysql}/auditlog-policy",
                $"/v3/{project.Id}/instances/{mysql}/errorlog?{window}&limit=100",
                $"/v3/{project.Id}/instances/{mysql}/slowlog?{window}&limit=100",
                $"/v3/{project.Id}/instances/{mysql}/slowlog/statistics?{window}&limit=100",
            ];
            before = await ReadAllAsync(app, routes, token, project);
        }

        var (exit, output, error) = await MigrateAsync();
        Assert.True(exit == 0, error);
        log.WriteLine(output);
        Assert.Contains("run_log_files                      30 rows", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_postgres.Postgres!, output, StringComparison.Ordinal);

        await using (var app = await TestApp.StartAsync(_postgres.Args, now: Now, dataDirectory: _data))
        {
            var after = await ReadAllAsync(app, routes, token, project);
            foreach (var route in routes.Concat(AdminRoutes(project)))
            {
                Assert.Equal(before[route], after[route]);
            }
        }

        var (again, _, refused) = await MigrateAsync();
        Assert.Equal(1, again);
        Assert.Contains("already holds data", refused, StringComparison.Ordinal);
    }

    private static string[] AdminRoutes(TestProject project) =>
        ["/admin/v1/projects", $"/admin/v1/projects/{project.Id}/users", $"/admin/v1/projects/{project.Id}/access-keys",
            $"/admin/v1/projects/{project.Id}/instances", "/admin/v1/sources"];

    /// <summary>Each route's status and body, with the user's token; the first route also signed with the access key.</summary>
    private static async Task<Dictionary<string, string>> ReadAllAsync(TestApp app, string[] routes, string token, TestProject project)
    {
        var answers = new Dictionary<string, string>();
        foreach (var route in routes)
        {
            var response = await app.SendWithTokenAsync(HttpMethod.Get, route, token);
            answers[route] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            Assert.True(response.IsSuccessStatusCode, $"{route}: {answers[route]}");
        }

        var signed = await app.SendSignedAsync(HttpMethod.Get, routes[0], project);
        Assert.Equal(answers[routes[0]], $"{(int)signed.StatusCode} {await signed.Content.ReadAsStringAsync()}");
        foreach (var route in AdminRoutes(project))
        {
            var response = await app.AdminAsync(HttpMethod.Get, route);
            answers[route] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            Assert.True(response.IsSuccessStatusCode, $"{route}: {answers[route]}");
        }

        return answers;
    }

    private async Task<(int Exit, string Out, string Error)> MigrateAsync()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = AdminCommand.Create(new AdminCommandSettings { Out = stdout, Error = stderr });
        var exit = await command.Parse(["migrate-store", "--from", "sqlite:" + _data, "--to", "postgres", "--ConnectionStrings:Postgres", _postgres.Postgres!])
            .InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
