namespace DbLogs.Tests.Api.Rds;

/// <summary>Which instance a caller may reach: another engine (DBS.200040), an unknown or another project's instance (DBS.200002).</summary>
public class RdsAccessTests
{
    private static Task<HttpResponseMessage> SendAsync(RdsFixture f, string method, string path, string? body) =>
        f.SendPathAsync(new HttpMethod(method), path, body);

    public static TheoryData<string, string, string?> Routes => RdsRoutes.Rows;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_redis_instance_addressed_through_v3_answers_DBS_200040(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();
        var redis = await f.App.CreateRedisInstanceAsync(f.Project);

        var response = await SendAsync(f, method, f.InstancePath(redis) + relative, body);

        var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.200040");
        Assert.Equal("The DB engine or version is not supported.", message);
    }

    [Fact]
    public async Task A_redis_instance_answers_DBS_200040_before_its_parameters_are_read()
    {
        await using var f = await RdsFixture.StartAsync();
        var redis = await f.App.CreateRedisInstanceAsync(f.Project);

        await RdsFixture.AssertErrorAsync(await SendAsync(f, "GET", f.InstancePath(redis) + "/auditlog?limit=999", null), 400, "DBS.200040");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Unknown_and_other_projects_instances_get_the_same_DBS_200002(string method, string relative, string? body)
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.AddProjectAsync("other");
        var foreignMysql = await f.App.CreateMysqlInstanceAsync(other);
        var foreignRedis = await f.App.CreateRedisInstanceAsync(other);

        var answers = new List<string>();
        foreach (var instance in new[] { "ffffffffffffffffffffffffffffffffin01", "5c597ce5-9823-48aa-bf4d-2defb9385b4a", foreignMysql, foreignRedis })
        {
            var response = await SendAsync(f, method, f.InstancePath(instance) + relative, body);
            var message = await RdsFixture.AssertErrorAsync(response, 404, "DBS.200002");
            Assert.Equal("The DB instance does not exist.", message);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        Assert.Equal("""{"error_code":"DBS.200002","error_msg":"The DB instance does not exist."}""", answers[0]);
    }
}
