using System.Net;
using DbLogs.Tests.RunLogs;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Dcs;

public class CreateRedislogTests
{
    [Theory]
    [InlineData("")]
    [InlineData("query_time=0&")]
    [InlineData("query_time=1&")]
    [InlineData("query_time=3&")]
    [InlineData("query_time=7&")]
    public async Task Single_node_instance_needs_no_replica_and_answers_204_without_body(string queryTime)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.PostAsync(scene.Redislog(queryTime + "log_type=run"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task Sdk_request_with_every_parameter_is_accepted()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);

        var response = await scene.PostAsync(scene.Redislog("query_time=7&log_type=run&replication_id=r11"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public async Task Multi_node_instance_without_replication_id_is_rejected(int shards, int replicas)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards, replicas);

        var response = await scene.PostAsync(scene.Redislog("query_time=1&log_type=run"));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4800", "Invalid replication_id in the request.");
    }

    [Theory]
    [InlineData("r00")]
    [InlineData("r01")]
    public async Task Every_replica_of_the_instance_can_be_collected(string replica)
    {
        var jobs = new CallGate();
        await using var app = await TestApp.StartAsync(now: DcsScene.Now, services: RunLogClient.HoldJobs(jobs));
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);
        var client = new RunLogClient(app, scene.Project, scene.Instance, jobs);
        var seeded = await scene.Seed.RunLogAsync(scene.Instance, replica, "group-0", "127.0.0.1", DateOnly.FromDateTime(DcsScene.Now.UtcDateTime).AddDays(-9));

        // Today's entry is collecting, then goes (no stored lines); the seeded entry of another day stays.
        var entries = await client.CollectAndWaitAsync(0, replica);

        Assert.Equal([seeded], entries.Select(e => e.Id));
    }

    [Theory]
    [InlineData("r02")]
    [InlineData("R00")]
    [InlineData("127.0.0.1")]
    [InlineData("group-0")]
    public async Task Unknown_replica_is_an_incorrect_node_id(string replica)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);

        var response = await scene.PostAsync(scene.Redislog("log_type=run&" + DcsPaths.Query(("replication_id", replica))));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.3053", DcsAssert.IncorrectNodeId);
    }

    [Fact]
    public async Task Replica_of_another_instance_is_an_incorrect_node_id()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await app.CreateRedisInstanceAsync(scene.Project, shards: 2, replicasPerShard: 2);

        var response = await scene.PostAsync(scene.Redislog("log_type=run&replication_id=r11"));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.3053", DcsAssert.IncorrectNodeId);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("4")]
    [InlineData("5")]
    [InlineData("6")]
    [InlineData("8")]
    [InlineData("30")]
    public async Task Query_time_outside_0_1_3_7_is_invalid(string queryTime)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.PostAsync(scene.Redislog($"query_time={queryTime}&log_type=run&replication_id=r00"));

        await DcsAssert.BadParameterAsync(response, "query_time");
    }

    [Theory]
    [InlineData("")]
    [InlineData("query_time=1")]
    [InlineData("query_time=1&log_type=slow")]
    [InlineData("log_type=")]
    public async Task Missing_or_wrong_log_type_is_invalid_log_type(string query)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.PostAsync(scene.Redislog(query));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4800", DcsAssert.InvalidLogType);
    }

    [Fact]
    public async Task Parameters_are_checked_before_the_replica_is_looked_up()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);

        var badTime = await scene.PostAsync(scene.Redislog("query_time=2&log_type=run"));
        var badType = await scene.PostAsync(scene.Redislog("log_type=slow&replication_id=nope"));

        await DcsAssert.BadParameterAsync(badTime, "query_time");
        await DcsAssert.ErrorAsync(badType, HttpStatusCode.BadRequest, "DCS.4800", DcsAssert.InvalidLogType);
    }

    [Fact]
    public async Task A_json_body_is_ignored()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await app.SendSignedAsync(HttpMethod.Post, scene.Redislog("log_type=run"), scene.Project, """{"query_time":2}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
