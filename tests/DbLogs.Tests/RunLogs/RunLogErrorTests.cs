using System.Net;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.RunLogs;

/// <summary>Every documented refusal of the run-log routes, on a two-shard instance with a replica per shard.</summary>
public sealed class RunLogErrorTests
{
    [Theory]
    [InlineData("query_time=0&log_type=slow&replication_id=r00", HttpStatusCode.BadRequest, "DCS.4800", "Invalid logType.")]
    [InlineData("query_time=0&replication_id=r00", HttpStatusCode.BadRequest, "DCS.4800", "Invalid logType.")]
    [InlineData("query_time=2&log_type=run&replication_id=r00", HttpStatusCode.BadRequest, "DCS.4800", "Invalid query_time in the request.")]
    [InlineData("query_time=-1&log_type=run&replication_id=r00", HttpStatusCode.BadRequest, "DCS.4800", "Invalid query_time in the request.")]
    [InlineData("query_time=0&log_type=run", HttpStatusCode.BadRequest, "DCS.4800", "Invalid replication_id in the request.")]
    [InlineData("query_time=0&log_type=run&replication_id=r99", HttpStatusCode.BadRequest, "DCS.3053", "Incorrect node ID.")]
    public async Task Collect_refuses_bad_input_and_starts_nothing(string query, HttpStatusCode status, string code, string message)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);

        await DcsAssert.ErrorAsync(await scene.PostAsync(scene.Redislog(query)), status, code, message);

        var list = await scene.GetAsync(scene.Redislog("log_type=run"));
        Assert.Equal(HttpStatusCode.NoContent, list.StatusCode);
    }

    [Fact]
    public async Task Collect_for_each_replica_of_a_two_shard_instance_lists_per_replica()
    {
        var jobs = new CallGate();
        await using var app = await TestApp.StartAsync(now: DcsScene.Now, services: RunLogClient.HoldJobs(jobs));
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        var client = new RunLogClient(app, scene.Project, scene.Instance, jobs);

        // Nothing collected from these nodes: each job's entries are collecting, then end without a file, and the list is empty.
        foreach (var replica in new[] { "r00", "r01", "r10", "r11" })
        {
            Assert.Empty(await client.CollectAndWaitAsync(1, replica));
        }

        var seeded = await scene.Seed.RunLogAsync(scene.Instance, "r11", "group-1", "127.0.0.12", new DateOnly(2026, 3, 9));
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 10));
        Assert.Equal([seeded], (await client.ListAsync("r11")).Select(e => e.Id));
        Assert.Equal([("2026-03-10", "group-0", "127.0.0.1"), ("2026-03-09", "group-1", "127.0.0.12")],
            (await client.ListAsync()).Select(e => (e.Time, e.GroupName, e.ReplicationIp)));
        await DcsAssert.ErrorAsync(await scene.GetAsync(scene.Redislog("log_type=run&replication_id=r99")), HttpStatusCode.BadRequest,
            "DCS.3053", "Incorrect node ID.");
    }

    [Theory]
    [InlineData("3ea6ce21-048e-447a-83c3-3fb004b88439")]
    [InlineData("..")]
    public async Task Link_for_an_unknown_log_id_is_404(string id)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        await DcsAssert.ErrorAsync(await scene.PostAsync(scene.Links(id)), HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Fact]
    public async Task Link_for_an_entry_whose_first_collection_failed_is_404()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var failed = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9), status: "failed");

        await DcsAssert.ErrorAsync(await scene.PostAsync(scene.Links(failed)), HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Fact]
    public async Task Another_projects_instance_is_404_on_all_three_routes()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var mine = await DcsScene.CreateAsync(app, projectName: "mine");
        var theirs = await DcsScene.CreateAsync(app, projectName: "theirs");
        var log = await theirs.Seed.RunLogAsync(theirs.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));

        string[] posts = [DcsPaths.Redislog(mine.Project.Id, theirs.Instance, "query_time=0&log_type=run"), DcsPaths.Links(mine.Project.Id, theirs.Instance, log)];
        foreach (var path in posts)
        {
            await DcsAssert.ErrorAsync(await mine.PostAsync(path), HttpStatusCode.NotFound, "DCS.3022", DcsAssert.InstanceNotFound);
        }

        await DcsAssert.ErrorAsync(await mine.GetAsync(DcsPaths.Redislog(mine.Project.Id, theirs.Instance, "log_type=run")), HttpStatusCode.NotFound,
            "DCS.3022", DcsAssert.InstanceNotFound);
    }
}
