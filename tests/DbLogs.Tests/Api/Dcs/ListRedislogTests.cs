using System.Net;
using System.Text.Json;
using DbLogs.Processing.RedisRun;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Tests.Api.Dcs;

public class ListRedislogTests
{
    private static readonly string[] RunlogProperties = ["id", "file_name", "group_name", "replication_ip", "status", "time", "backup_id"];
    private static readonly DateOnly Today = DateOnly.FromDateTime(DcsScene.Now.UtcDateTime);

    [Fact]
    public async Task One_file_is_listed_byte_for_byte_in_the_seed_shape()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var id = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));

        var response = await scene.GetAsync(scene.Redislog("offset=0&limit=10&log_type=run"));

        var body = await DcsAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(
            $$"""{"total_num":1,"file_list":[{"id":"{{id}}","file_name":"redis_127.0.0.1_2026-03-09.log","group_name":"group-0","replication_ip":"127.0.0.1","status":"succeed","time":"2026-03-09","backup_id":"{{id}}"}]}""",
            body);
    }

    [Fact]
    public async Task Every_item_has_exactly_the_documented_string_properties()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        await SeedGridAsync(scene, days: 2);

        var response = await scene.GetAsync(scene.Redislog("log_type=run&limit=100"));

        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        Assert.Equal(["total_num", "file_list"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("total_num").ValueKind);
        Assert.Equal(8, root.GetProperty("total_num").GetInt64());
        var items = root.GetProperty("file_list").EnumerateArray().ToList();
        Assert.Equal(8, items.Count);
        foreach (var item in items)
        {
            Assert.Equal(RunlogProperties, item.EnumerateObject().Select(p => p.Name));
            Assert.All(item.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
            var ip = item.GetProperty("replication_ip").GetString();
            var time = item.GetProperty("time").GetString();
            Assert.Equal($"redis_{ip}_{time}.log", item.GetProperty("file_name").GetString());
            Assert.Equal(item.GetProperty("id").GetString(), item.GetProperty("backup_id").GetString());
            Assert.True(Guid.TryParseExact(item.GetProperty("id").GetString(), "D", out _));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", time);
        }
    }

    [Fact]
    public async Task Files_are_ordered_newest_day_first_then_group_then_replica()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        // Inserted out of order on purpose.
        await scene.Seed.RunLogAsync(scene.Instance, "r11", "group-1", "127.0.0.12", Today.AddDays(-1));
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today.AddDays(-2));
        await scene.Seed.RunLogAsync(scene.Instance, "r10", "group-1", "127.0.0.11", Today);
        await scene.Seed.RunLogAsync(scene.Instance, "r01", "group-0", "127.0.0.2", Today);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today);
        await scene.Seed.RunLogAsync(scene.Instance, "r01", "group-0", "127.0.0.2", Today.AddDays(-1));

        var items = await ListAsync(scene, "log_type=run");

        Assert.Equal(
            [
                "2026-03-10 group-0 127.0.0.1", "2026-03-10 group-0 127.0.0.2", "2026-03-10 group-1 127.0.0.11",
                "2026-03-09 group-0 127.0.0.2", "2026-03-09 group-1 127.0.0.12",
                "2026-03-08 group-0 127.0.0.1",
            ],
            items.Select(i => $"{i.GetProperty("time").GetString()} {i.GetProperty("group_name").GetString()} {i.GetProperty("replication_ip").GetString()}"));
    }

    [Theory]
    [InlineData("succeed")]
    [InlineData("collecting")]
    [InlineData("failed")]
    public async Task Status_is_reported_as_stored(string status)
    {
        // Without its job runner: a pass that started late would collect the seeded "collecting" day before it is listed.
        await using var app = await TestApp.StartAsync(now: DcsScene.Now, services: WithoutRunLogJobs);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today, status);

        var item = Assert.Single(await ListAsync(scene, "log_type=run"));

        Assert.Equal(status, item.GetProperty("status").GetString());
    }

    private static void WithoutRunLogJobs(IServiceCollection services)
    {
        services.Remove(Assert.Single(services,
            d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType == typeof(RunLogJobs)));
    }

    [Fact]
    public async Task Offset_is_zero_based_and_total_counts_all_matches()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        var all = await SeedGridAsync(scene, days: 3);

        var first = await PageAsync(scene, "log_type=run&offset=0&limit=5");
        var second = await PageAsync(scene, "log_type=run&offset=5&limit=5");
        var last = await PageAsync(scene, "log_type=run&offset=10&limit=5");
        var fourth = await PageAsync(scene, "log_type=run&offset=3&limit=1");

        Assert.All(new[] { first, second, last, fourth }, p => Assert.Equal(12, p.Total));
        Assert.Equal(all[..5], first.Ids);
        Assert.Equal(all[5..10], second.Ids);
        Assert.Equal(all[10..], last.Ids);
        Assert.Equal([all[3]], fourth.Ids);
    }

    [Fact]
    public async Task Defaults_are_offset_zero_and_limit_ten()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        var all = await SeedGridAsync(scene, days: 3);

        var page = await PageAsync(scene, "log_type=run");

        Assert.Equal(12, page.Total);
        Assert.Equal(all[..10], page.Ids);
    }

    [Fact]
    public async Task Limit_1000_returns_everything()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        var all = await SeedGridAsync(scene, days: 4);

        var page = await PageAsync(scene, "log_type=run&limit=1000");

        Assert.Equal(16, page.Total);
        Assert.Equal(all, page.Ids);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    [InlineData("2147483647")]
    public async Task Offset_past_the_end_is_200_with_an_empty_list_and_the_total(string offset)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        await SeedGridAsync(scene, days: 1);

        var response = await scene.GetAsync(scene.Redislog($"log_type=run&offset={offset}"));

        Assert.Equal("""{"total_num":4,"file_list":[]}""", await DcsAssert.SuccessAsync(response, HttpStatusCode.OK));
    }

    [Fact]
    public async Task Replication_id_filters_to_that_replica_and_total_counts_only_its_files()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        await SeedGridAsync(scene, days: 3);

        var page = await PageAsync(scene, "log_type=run&replication_id=r10&limit=2");
        var items = await ListAsync(scene, "log_type=run&replication_id=r10");

        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Ids.Count);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("127.0.0.11", i.GetProperty("replication_ip").GetString()));
        Assert.All(items, i => Assert.Equal("group-1", i.GetProperty("group_name").GetString()));
        Assert.Equal(["2026-03-10", "2026-03-09", "2026-03-08"], items.Select(i => i.GetProperty("time").GetString()));
    }

    [Fact]
    public async Task Nothing_collected_is_204_with_an_empty_body_and_json_content_type()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.GetAsync(scene.Redislog("offset=0&limit=10&log_type=run"));

        await AssertNoContentAsync(response);
    }

    [Fact]
    public async Task Replica_without_files_is_204()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today);

        var response = await scene.GetAsync(scene.Redislog("log_type=run&replication_id=r01"));

        await AssertNoContentAsync(response);
    }

    [Theory]
    [InlineData("r02")]
    [InlineData("r11")]
    public async Task Replica_that_is_not_in_the_instance_is_an_incorrect_node_id_as_in_CreateRedislog(string replica)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 1, replicasPerShard: 2);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today);
        // r11 is a replica of another instance of the same project.
        await app.CreateRedisInstanceAsync(scene.Project, shards: 2, replicasPerShard: 2);

        var list = await scene.GetAsync(scene.Redislog($"log_type=run&replication_id={replica}"));
        var create = await scene.PostAsync(scene.Redislog($"log_type=run&replication_id={replica}"));

        await DcsAssert.ErrorAsync(create, HttpStatusCode.BadRequest, "DCS.3053", DcsAssert.IncorrectNodeId);
        await DcsAssert.ErrorAsync(list, HttpStatusCode.BadRequest, "DCS.3053", DcsAssert.IncorrectNodeId);
    }

    [Fact]
    public async Task Files_of_other_instances_are_not_listed()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var other = await app.CreateRedisInstanceAsync(scene.Project);
        await scene.Seed.RunLogAsync(other, "r00", "group-0", "127.0.0.1", Today);
        var mine = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today.AddDays(-1));

        var page = await PageAsync(scene, "log_type=run");

        Assert.Equal(1, page.Total);
        Assert.Equal([mine], page.Ids);
    }

    [Fact]
    public async Task Log_type_is_matched_case_insensitively_and_unknown_parameters_are_ignored()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", Today);

        var page = await PageAsync(scene, "log_type=RUN&foo=bar&marker=x&limit=1");

        Assert.Equal(1, page.Total);
    }

    internal static async Task AssertNoContentAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    /// <summary>One file per replica per day for the last <paramref name="days"/> days; returns the ids in the expected list order.</summary>
    private static async Task<string[]> SeedGridAsync(DcsScene scene, int days)
    {
        (string Id, string Group, string Ip)[] replicas = [("r11", "group-1", "127.0.0.12"), ("r00", "group-0", "127.0.0.1"),
            ("r10", "group-1", "127.0.0.11"), ("r01", "group-0", "127.0.0.2")];
        var expected = new List<(DateOnly Day, string Group, string Replica, string Id)>();
        for (var d = days - 1; d >= 0; d--)
        {
            foreach (var (replica, group, ip) in replicas)
            {
                var day = Today.AddDays(-d);
                expected.Add((day, group, replica, await scene.Seed.RunLogAsync(scene.Instance, replica, group, ip, day)));
            }
        }

        return [.. expected.OrderByDescending(e => e.Day).ThenBy(e => e.Group, StringComparer.Ordinal)
            .ThenBy(e => e.Replica, StringComparer.Ordinal).Select(e => e.Id)];
    }

    private static async Task<List<JsonElement>> ListAsync(DcsScene scene, string query)
    {
        var response = await scene.GetAsync(scene.Redislog(query));
        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        return [.. root.GetProperty("file_list").EnumerateArray()];
    }

    private static async Task<(long Total, List<string> Ids)> PageAsync(DcsScene scene, string query)
    {
        var response = await scene.GetAsync(scene.Redislog(query));
        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        return (root.GetProperty("total_num").GetInt64(),
            [.. root.GetProperty("file_list").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)]);
    }
}
