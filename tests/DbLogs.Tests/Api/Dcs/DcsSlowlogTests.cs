using System.Globalization;
using System.Net;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Dcs;

public class DcsSlowlogTests
{
    private static readonly string[] SlowlogProperties =
        ["id", "command", "start_time", "duration", "shard_name", "database_id", "username", "node_role", "client_ip"];

    /// <summary>2026-03-10T08:00:00Z: the seeded entries are this plus whole seconds.</summary>
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string Window(DateTimeOffset start, DateTimeOffset end) => $"start_time={Ms(start)}&end_time={Ms(end)}";

    [Fact]
    public async Task One_entry_is_listed_byte_for_byte()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 7, T0.AddMilliseconds(999), 17, command: "SLOWLOG GET 128",
            clientIp: "10.0.0.5:50012");

        var response = await scene.GetAsync(scene.Slowlog(
            $"offset=0&limit=10&sort_key=start_time&sort_dir=desc&{Window(T0.AddHours(-1), T0.AddHours(1))}"));

        var body = await DcsAssert.SuccessAsync(response, HttpStatusCode.OK);
        Assert.Equal(
            """{"total_num":1,"count":1,"slowlogs":[{"id":7,"command":"SLOWLOG GET 128","start_time":"2026-03-10T08:00:00Z","duration":"17","shard_name":"group-0","database_id":0,"username":"default","node_role":"master","client_ip":"10.0.0.5:50012"}]}""",
            body);
    }

    [Fact]
    public async Task Every_item_has_exactly_the_documented_properties_and_types()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, shards: 2, replicasPerShard: 2);
        await SeedAsync(scene);

        var root = await ListAsync(scene, $"limit=1000&{Window(T0.AddDays(-1), T0.AddDays(1))}");

        Assert.Equal(["total_num", "count", "slowlogs"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("total_num").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("count").ValueKind);
        var items = root.GetProperty("slowlogs").EnumerateArray().ToList();
        Assert.Equal(6, items.Count);
        foreach (var item in items)
        {
            Assert.Equal(SlowlogProperties, item.EnumerateObject().Select(p => p.Name));
            foreach (var property in item.EnumerateObject())
            {
                var expected = property.Name is "id" or "database_id" ? JsonValueKind.Number : JsonValueKind.String;
                Assert.Equal((property.Name, expected), (property.Name, property.Value.ValueKind));
            }

            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", item.GetProperty("start_time").GetString());
            Assert.Matches(@"^\d+$", item.GetProperty("duration").GetString());
        }
    }

    [Fact]
    public async Task Start_time_is_utc_and_duration_is_in_microseconds()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var local = new DateTimeOffset(2026, 3, 10, 16, 30, 45, TimeSpan.FromHours(8));
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 1, local, 1_234_567, role: "replica", shard: "group-3", username: "app");

        var item = Assert.Single(Items(await ListAsync(scene, Window(T0, T0.AddHours(1)))));

        Assert.Equal("2026-03-10T08:30:45Z", item.GetProperty("start_time").GetString());
        Assert.Equal("1234567", item.GetProperty("duration").GetString());
        Assert.Equal("group-3", item.GetProperty("shard_name").GetString());
        Assert.Equal("replica", item.GetProperty("node_role").GetString());
        Assert.Equal("app", item.GetProperty("username").GetString());
        Assert.Equal(0, item.GetProperty("database_id").GetInt32());
    }

    [Fact]
    public async Task Window_is_inclusive_at_both_ends_to_the_millisecond()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 1, T0.AddMilliseconds(-1), 10);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 2, T0, 10);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 3, T0.AddSeconds(30), 10);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 4, T0.AddMinutes(1), 10);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 5, T0.AddMinutes(1).AddMilliseconds(1), 10);

        var root = await ListAsync(scene, $"sort_dir=asc&{Window(T0, T0.AddMinutes(1))}");

        Assert.Equal(3, root.GetProperty("total_num").GetInt64());
        Assert.Equal([2L, 3L, 4L], Items(root).Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Empty_window_is_200_with_zero_counts_not_204()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 1, T0, 10);

        var response = await scene.GetAsync(scene.Slowlog(Window(T0.AddDays(-2), T0.AddDays(-1))));

        Assert.Equal("""{"total_num":0,"count":0,"slowlogs":[]}""", await DcsAssert.SuccessAsync(response, HttpStatusCode.OK));
    }

    [Fact]
    public async Task Widest_window_from_epoch_to_the_last_representable_millisecond_lists_everything()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await SeedAsync(scene);

        var root = await ListAsync(scene, "start_time=0&end_time=253402300799999&limit=1000");

        Assert.Equal(6, root.GetProperty("total_num").GetInt64());
    }

    [Theory]
    [InlineData("", new long[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData("sort_key=start_time&", new long[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData("sort_dir=desc&", new long[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData("sort_key=start_time&sort_dir=asc&", new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("sort_key=duration&sort_dir=desc&", new long[] { 3, 1, 5, 6, 2, 4 })]
    [InlineData("sort_key=duration&sort_dir=asc&", new long[] { 4, 2, 6, 5, 1, 3 })]
    [InlineData("sort_key=duration&", new long[] { 3, 1, 5, 6, 2, 4 })]
    public async Task Sort_key_and_direction_order_the_entries(string sort, long[] expectedIds)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await SeedAsync(scene);

        var root = await ListAsync(scene, sort + Window(T0, T0.AddHours(1)));

        Assert.Equal(expectedIds, Items(root).Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Paging_counts_the_page_and_totals_all_matches()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await SeedAsync(scene);
        var window = Window(T0, T0.AddHours(1));

        var first = await ListAsync(scene, $"offset=0&limit=4&sort_dir=asc&{window}");
        var second = await ListAsync(scene, $"offset=4&limit=4&sort_dir=asc&{window}");
        var beyond = await ListAsync(scene, $"offset=6&limit=4&sort_dir=asc&{window}");
        var defaults = await ListAsync(scene, window);

        Assert.Equal((6L, 4), (first.GetProperty("total_num").GetInt64(), first.GetProperty("count").GetInt32()));
        Assert.Equal([1L, 2L, 3L, 4L], Items(first).Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal((6L, 2), (second.GetProperty("total_num").GetInt64(), second.GetProperty("count").GetInt32()));
        Assert.Equal([5L, 6L], Items(second).Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal((6L, 0), (beyond.GetProperty("total_num").GetInt64(), beyond.GetProperty("count").GetInt32()));
        Assert.Empty(Items(beyond));
        Assert.Equal((6L, 6), (defaults.GetProperty("total_num").GetInt64(), defaults.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Default_limit_is_ten()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        for (var i = 1; i <= 12; i++)
        {
            await scene.Seed.RedisSlowAsync(scene.Instance, "r00", i, T0.AddSeconds(i), 100);
        }

        var root = await ListAsync(scene, Window(T0, T0.AddHours(1)));

        Assert.Equal((12L, 10), (root.GetProperty("total_num").GetInt64(), root.GetProperty("count").GetInt32()));
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => (long)i), Items(root).Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Entries_of_other_instances_are_not_listed()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var other = await app.CreateRedisInstanceAsync(scene.Project);
        await scene.Seed.RedisSlowAsync(other, "r00", 1, T0, 10);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 2, T0, 10);

        var root = await ListAsync(scene, Window(T0.AddHours(-1), T0.AddHours(1)));

        Assert.Equal([2L], Items(root).Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(1, root.GetProperty("total_num").GetInt64());
    }

    [Theory]
    [InlineData("server")]
    [InlineData("proxy")]
    [InlineData("SERVER")]
    public async Task Role_is_accepted(string role)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 1, T0, 10);

        var response = await scene.GetAsync(scene.Slowlog($"role={role}&{Window(T0, T0.AddHours(1))}"));

        await DcsAssert.SuccessAsync(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3_600_000)]
    public async Task End_not_after_start_is_dcs_4025(int endMinusStartMs)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.GetAsync(scene.Slowlog(Window(T0, T0.AddMilliseconds(endMinusStartMs))));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4025", DcsAssert.EndBeforeStart);
    }

    [Fact]
    public async Task One_millisecond_window_is_allowed()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RedisSlowAsync(scene.Instance, "r00", 1, T0, 10);

        var root = await ListAsync(scene, Window(T0, T0.AddMilliseconds(1)));

        Assert.Equal(1, root.GetProperty("total_num").GetInt64());
    }

    [Theory]
    [InlineData("end_time=1773129600000")]
    [InlineData("start_time=abc&end_time=1773129600000")]
    [InlineData("start_time=2026-03-10T08:00:00Z&end_time=1773129600000")]
    [InlineData("start_time=1773129600.5&end_time=1773129600000")]
    public async Task Bad_start_time_is_dcs_4800_invalid_start_time(string query)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.GetAsync(scene.Slowlog(query));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4800", "Invalid start_time in the request.");
    }

    /// <summary>
    /// Six entries on two nodes, T0 + 1…6 s, ids 1…6. Durations: 1→500, 2→20, 3→9000, 4→5, 5→300, 6→100.
    /// </summary>
    private static async Task SeedAsync(DcsScene scene)
    {
        long[] durations = [500, 20, 9000, 5, 300, 100];
        for (var i = 0; i < durations.Length; i++)
        {
            await scene.Seed.RedisSlowAsync(scene.Instance, i % 2 == 0 ? "r00" : "r10", i + 1, T0.AddSeconds(i + 1), durations[i],
                command: $"GET key:{i + 1}", shard: i % 2 == 0 ? "group-0" : "group-1");
        }
    }

    private static async Task<JsonElement> ListAsync(DcsScene scene, string query)
    {
        var response = await scene.GetAsync(scene.Slowlog(query));
        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        Assert.Equal(root.GetProperty("count").GetInt32(), root.GetProperty("slowlogs").GetArrayLength());
        return root;
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement root) => root.GetProperty("slowlogs").EnumerateArray();
}
