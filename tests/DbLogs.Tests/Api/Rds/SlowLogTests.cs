using System.Text.Json;
using static DbLogs.Tests.Api.Rds.RdsQuery;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>GET …/slowlog</c> (ListSlowLogs): every item field a string, page-number paging, offset × limit ≤ 2000.</summary>
public class SlowLogTests
{
    private static readonly string[] ItemNames =
        ["count", "time", "lock_time", "rows_sent", "rows_examined", "database", "users", "query_sample", "type", "start_time", "client_ip"];

    private static string[] Samples(JsonElement body) =>
        [.. body.GetProperty("slow_log_list").EnumerateArray().Select(e => e.GetProperty("query_sample").GetString()!)];

    /// <summary>Seeds one statement a minute from 2019-11-06T01:00:00Z (09:00 UTC+8); returns the samples newest first.</summary>
    private static async Task<string[]> SeedAsync(RdsFixture f, params string[] types)
    {
        var samples = new List<string>();
        for (var n = 0; n < types.Length; n++)
        {
            var sample = $"{types[n]} /* {n} */ N";
            await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, n, 0), 1.5, sample, types[n]);
            samples.Add(sample);
        }

        samples.Reverse();
        return [.. samples];
    }

    [Fact]
    public async Task Items_have_the_documented_shape_with_every_field_a_string()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, new DateTimeOffset(2019, 11, 6, 9, 30, 5, TimeSpan.FromHours(8)), 1.04899,
            "SELECT * FROM orders WHERE id = N", "SELECT", database: "shop", users: "app", clientIp: "192.168.0.1", rowsSent: 3, rowsExamined: 4096);

        var response = await f.GetAsync($"/slowlog?{DateWindow}&offset=1&limit=10&type=SELECT");

        var body = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(body, "slow_log_list", "total_record");
        Assert.Equal(JsonValueKind.Number, body.GetProperty("total_record").ValueKind);
        Assert.Equal(1, body.GetProperty("total_record").GetInt64());
        var item = Assert.Single(body.GetProperty("slow_log_list").EnumerateArray());
        RdsFixture.AssertNames(item, ItemNames);
        Assert.All(item.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("1", item.GetProperty("count").GetString());
        Assert.Equal("1.04899 s", item.GetProperty("time").GetString());
        Assert.Equal("0.0001 s", item.GetProperty("lock_time").GetString());
        Assert.Equal("3", item.GetProperty("rows_sent").GetString());
        Assert.Equal("4096", item.GetProperty("rows_examined").GetString());
        Assert.Equal("shop", item.GetProperty("database").GetString());
        Assert.Equal("app", item.GetProperty("users").GetString());
        Assert.Equal("SELECT * FROM orders WHERE id = N", item.GetProperty("query_sample").GetString());
        Assert.Equal("SELECT", item.GetProperty("type").GetString());
        Assert.Equal("2019-11-06T01:30:05", item.GetProperty("start_time").GetString());
        Assert.Equal("192.*.*.1", item.GetProperty("client_ip").GetString());
    }

    [Theory]
    [InlineData("10.0.0.254", "10.*.*.254")]
    [InlineData("127.0.0.1", "127.*.*.1")]
    [InlineData("2001:db8:85a3::8a2e:370:7334", "2001:*:*::*:*:7334")]
    [InlineData("", "")]
    [InlineData("db-client.internal", "*")]
    public async Task Client_addresses_are_masked(string stored, string answered)
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, 0, 0), 2, "SELECT N", clientIp: stored);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/slowlog?" + DateWindow));

        Assert.Equal(answered, body.GetProperty("slow_log_list")[0].GetProperty("client_ip").GetString());
    }

    [Fact]
    public async Task An_ipv4_mapped_address_is_masked_like_ipv4()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, 0, 0), 2, "SELECT N", clientIp: "::ffff:192.168.0.1");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/slowlog?" + DateWindow));

        var masked = body.GetProperty("slow_log_list")[0].GetProperty("client_ip").GetString()!;
        Assert.DoesNotContain("192.168.0.1", masked, StringComparison.Ordinal);
        Assert.Equal("192.*.*.1", masked);
    }

    [Theory]
    [InlineData("", 5)]
    [InlineData("&type=", 5)]
    [InlineData("&type=SELECT", 2)]
    [InlineData("&type=select", 2)]
    [InlineData("&type=INSERT", 1)]
    [InlineData("&type=UPDATE", 1)]
    [InlineData("&type=DELETE", 1)]
    [InlineData("&type=CREATE", 0)]
    [InlineData("&level=SELECT", 5)] // gophertelekomcloud sends level=; unknown parameters are ignored
    public async Task Type_filters_statements(string type, int expected)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f, "SELECT", "INSERT", "SELECT", "UPDATE", "DELETE");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog?{DateWindow}{type}"));

        Assert.Equal(expected, body.GetProperty("total_record").GetInt64());
        var types = body.GetProperty("slow_log_list").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToArray();
        Assert.Equal(expected, types.Length);
        if (type.StartsWith("&type=", StringComparison.Ordinal) && type.Length > "&type=".Length)
        {
            Assert.All(types, t => Assert.Equal(type["&type=".Length..], t, ignoreCase: true));
        }
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 2, 4)]
    [InlineData(2, 3, 3)]
    public async Task Offset_is_a_page_number_starting_at_one(int offset, int limit, int firstIndex)
    {
        await using var f = await RdsFixture.StartAsync();
        var all = await SeedAsync(f, "SELECT", "INSERT", "SELECT", "UPDATE", "DELETE");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog?{DateWindow}&offset={offset}&limit={limit}"));

        Assert.Equal(5, body.GetProperty("total_record").GetInt64());
        Assert.Equal(all.Skip(firstIndex).Take(limit).ToArray(), Samples(body));
    }

    [Fact]
    public async Task Offset_defaults_to_page_one_and_limit_to_ten()
    {
        await using var f = await RdsFixture.StartAsync();
        var all = await SeedAsync(f, [.. Enumerable.Repeat("SELECT", 11)]);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/slowlog?" + DateWindow));

        Assert.Equal(11, body.GetProperty("total_record").GetInt64());
        Assert.Equal(all.Take(10).ToArray(), Samples(body));
    }

    [Fact]
    public async Task Only_statements_inside_the_window_are_listed_bounds_included()
    {
        await using var f = await RdsFixture.StartAsync();
        var s = f.Seeder;
        await s.MysqlSlowAsync(f.Instance, Utc(2019, 11, 5, 15, 59, 59), 1, "before");
        await s.MysqlSlowAsync(f.Instance, Utc(2019, 11, 5, 16, 0, 0), 1, "at start");
        await s.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 16, 0, 0), 1, "at end");
        await s.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 16, 0, 1), 1, "after");
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        await s.MysqlSlowAsync(other, Utc(2019, 11, 6, 1, 0, 0), 1, "another instance");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/slowlog?" + DateWindow));

        Assert.Equal(["at end", "at start"], Samples(body));
    }

    [Theory]
    [InlineData("offset=200&limit=10")]
    [InlineData("offset=20&limit=100")]
    [InlineData("offset=2000&limit=1")]
    [InlineData("offset=1&limit=100")]
    public async Task Offset_times_limit_up_to_2000_is_accepted(string paging)
    {
        await using var f = await RdsFixture.StartAsync();

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog?{DateWindow}&{paging}"));

        Assert.Equal(0, body.GetProperty("total_record").GetInt64());
    }

    [Theory]
    [InlineData("offset=201&limit=10", "offset")]
    [InlineData("offset=21&limit=100", "offset")]
    [InlineData("offset=201", "offset")] // with the default limit of 10
    [InlineData("offset=2147483647&limit=100", "offset")]
    [InlineData("offset=0", "offset")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=0", "limit")]
    public async Task Paging_out_of_range_answers_DBS_200461(string paging, string name)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/slowlog?{DateWindow}&{paging}"), 400, "DBS.200461");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type=DROP")]
    [InlineData("type=ALL")]
    [InlineData("type=SELECT,INSERT")]
    public async Task Unknown_types_answer_DBS_200001(string type)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/slowlog?{DateWindow}&{type}"), 400, "DBS.200001");
        Assert.Contains("type", message, StringComparison.Ordinal);
    }
}
