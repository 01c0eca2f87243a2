using System.Text.Json;
using static DbLogs.Tests.Api.Rds.RdsQuery;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>GET …/slowlog/statistics</c>: the one RDS v3 route with camelCase keys; groups by normalised statement.</summary>
public class SlowLogStatisticsTests
{
    private const string Select = "SELECT * FROM orders WHERE id = N";
    private const string Update = "UPDATE orders SET state = N WHERE id = N";

    private static readonly string[] ItemNames =
        ["count", "time", "lockTime", "rowsSent", "rowsExamined", "database", "users", "querySample", "type", "clientIP"];

    private static string[] Samples(JsonElement body) =>
        [.. body.GetProperty("slowLogList").EnumerateArray().Select(e => e.GetProperty("querySample").GetString()!)];

    /// <summary>Three runs of <see cref="Select"/> of 0.5 s each and one of <see cref="Update"/> of 2 s.</summary>
    private static async Task SeedAsync(RdsFixture f)
    {
        for (var n = 0; n < 3; n++)
        {
            await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, n, 0), 0.5, Select, "SELECT", rowsSent: 2, rowsExamined: 100);
        }

        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 2, 0, 0), 2, Update, "UPDATE", rowsSent: 0, rowsExamined: 7);
    }

    private static readonly string[] ResponseNames = ["pageNumber", "pageRecord", "slowLogList", "totalRecord", "startTime", "endTime"];

    // DateWindow as Unix milliseconds: 2019-11-06T00:00:00+0800 and 2019-11-07T00:00:00+0800.
    private const long WindowStartMs = 1572969600000;
    private const long WindowEndMs = 1573056000000;

    [Fact]
    public async Task Groups_by_statement_with_camel_case_keys_integer_row_counts_and_string_values()
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f);

        var response = await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}&type=");

        var body = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(body, ResponseNames);
        Assert.Equal(JsonValueKind.Number, body.GetProperty("pageNumber").ValueKind);
        Assert.Equal(1, body.GetProperty("pageNumber").GetInt32());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("pageRecord").ValueKind);
        Assert.Equal(JsonValueKind.Number, body.GetProperty("totalRecord").ValueKind);
        Assert.Equal(2, body.GetProperty("totalRecord").GetInt64());
        var groups = body.GetProperty("slowLogList").EnumerateArray().ToArray();
        Assert.Equal(2, groups.Length);
        foreach (var group in groups)
        {
            RdsFixture.AssertNames(group, ItemNames);
            Assert.All(group.EnumerateObject(), p => Assert.Equal(
                p.Name is "rowsSent" or "rowsExamined" ? JsonValueKind.Number : JsonValueKind.String, p.Value.ValueKind));
        }

        // Sorted by count by default.
        var select = groups[0];
        Assert.Equal(Select, select.GetProperty("querySample").GetString());
        Assert.Equal("3", select.GetProperty("count").GetString());
        Assert.Equal("1.5 s", select.GetProperty("time").GetString());
        Assert.Equal("0.0003 s", select.GetProperty("lockTime").GetString());
        Assert.Equal("6", select.GetProperty("rowsSent").GetRawText());
        Assert.Equal("300", select.GetProperty("rowsExamined").GetRawText());
        Assert.Equal("shop", select.GetProperty("database").GetString());
        Assert.Equal("app", select.GetProperty("users").GetString());
        Assert.Equal("SELECT", select.GetProperty("type").GetString());
        Assert.Equal("192.*.*.1", select.GetProperty("clientIP").GetString());
        var update = groups[1];
        Assert.Equal(Update, update.GetProperty("querySample").GetString());
        Assert.Equal("1", update.GetProperty("count").GetString());
        Assert.Equal("2 s", update.GetProperty("time").GetString());
        Assert.Equal("UPDATE", update.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_body_is_exactly_the_sdk_model_with_the_window_in_unix_milliseconds()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 2, 0, 0), 2, Update, "UPDATE", rowsSent: 0, rowsExamined: 7);

        var response = await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}");

        var expected = $$"""
            {"pageNumber":1,"pageRecord":1,"slowLogList":[{"count":"1","time":"2 s","lockTime":"0.0001 s","rowsSent":0,"rowsExamined":7,
            "database":"shop","users":"app","querySample":"UPDATE orders SET state = N WHERE id = N","type":"UPDATE","clientIP":"192.*.*.1"}],
            "totalRecord":1,"startTime":{{WindowStartMs}},"endTime":{{WindowEndMs}}}
            """.ReplaceLineEndings(string.Empty);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("&type=ALL")]
    [InlineData("&type=all")]
    [InlineData("&type=")]
    [InlineData("")]
    public async Task Type_all_or_blank_counts_every_statement(string type)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}{type}"));

        Assert.Equal([Select, Update], Samples(body));
        Assert.Equal(2, body.GetProperty("totalRecord").GetInt64());
    }

    [Theory]
    [InlineData("", new[] { Select, Update })]
    [InlineData("&sort=count", new[] { Select, Update })]
    [InlineData("&sort=", new[] { Select, Update })]
    [InlineData("&sort=executeTime", new[] { Update, Select })]
    [InlineData("&sort=EXECUTETIME", new[] { Update, Select })]
    public async Task Sort_execute_time_orders_by_total_time(string sort, string[] expected)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}{sort}"));

        Assert.Equal(expected, Samples(body));
    }

    [Theory]
    [InlineData("&type=SELECT", new[] { Select })]
    [InlineData("&type=update", new[] { Update })]
    public async Task Type_filters_before_grouping(string type, string[] expected)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}{type}"));

        Assert.Equal(expected, Samples(body));
        Assert.Equal(expected.Length, body.GetProperty("totalRecord").GetInt64());
    }

    [Fact]
    public async Task Pages_are_numbered_from_one()
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f);

        var first = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=1&{DateWindow}"));
        var second = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=2&per_page=1&{DateWindow}"));

        Assert.Equal(1, first.GetProperty("pageNumber").GetInt32());
        Assert.Equal([Select], Samples(first));
        Assert.Equal(2, second.GetProperty("pageNumber").GetInt32());
        Assert.Equal([Update], Samples(second));
        Assert.Equal(2, second.GetProperty("totalRecord").GetInt64());
    }

    [Fact]
    public async Task Cur_page_and_per_page_default_to_the_first_ten_groups()
    {
        await using var f = await RdsFixture.StartAsync();
        for (var n = 0; n < 12; n++)
        {
            await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, n, 0), 1 + n, $"SELECT {n} FROM t");
        }

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?{DateWindow}&sort=executeTime"));

        Assert.Equal(1, body.GetProperty("pageNumber").GetInt32());
        Assert.Equal(12, body.GetProperty("totalRecord").GetInt64());
        Assert.Equal(Enumerable.Range(2, 10).Select(n => $"SELECT {n} FROM t").Reverse(), Samples(body));
    }

    [Theory]
    [InlineData("", 0, 0)] // no slow log at all in the window
    [InlineData("&type=INSERT", 3, 0)] // a type with no statements
    [InlineData("&cur_page=3&per_page=1", 3, 2)] // a page past the end
    public async Task An_empty_page_answers_200_with_an_empty_list(string extra, int seeded, int total)
    {
        await using var f = await RdsFixture.StartAsync();
        for (var n = 0; n < seeded; n++)
        {
            await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, n, 0), 1, n == 0 ? Update : Select, n == 0 ? "UPDATE" : "SELECT");
        }

        var response = await f.GetAsync($"/slowlog/statistics?{DateWindow}{extra}");

        var body = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(body, ResponseNames);
        Assert.Empty(Samples(body));
        Assert.Equal(total, body.GetProperty("totalRecord").GetInt64());
        Assert.Equal((WindowStartMs, WindowEndMs), (body.GetProperty("startTime").GetInt64(), body.GetProperty("endTime").GetInt64()));
    }

    [Fact]
    public async Task The_same_statement_in_two_databases_is_two_groups()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, 0, 0), 1, Select, database: "shop");
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, 1, 0), 1, Select, database: "billing");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}"));

        Assert.Equal(2, body.GetProperty("totalRecord").GetInt64());
        Assert.Equal(["billing", "shop"],
            body.GetProperty("slowLogList").EnumerateArray().Select(g => g.GetProperty("database").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_statements_inside_the_window_are_counted()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 5, 15, 59, 59), 1, Select);
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 1, 0, 0), 1, Select);
        await f.Seeder.MysqlSlowAsync(f.Instance, Utc(2019, 11, 6, 16, 0, 1), 1, Select);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}"));

        Assert.Equal("1", Assert.Single(body.GetProperty("slowLogList").EnumerateArray()).GetProperty("count").GetString());
    }

    [Theory]
    [InlineData("cur_page=0&per_page=10", "cur_page")]
    [InlineData("cur_page=1&per_page=101", "per_page")]
    [InlineData("cur_page=1&per_page=0", "per_page")]
    public async Task Paging_out_of_range_answers_DBS_200461(string paging, string name)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/slowlog/statistics?{paging}&{DateWindow}"), 400, "DBS.200461");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&sort=time", "sort")]
    [InlineData("&sort=executeTime&sort=count", "sort")]
    [InlineData("&type=DROP", "type")]
    public async Task Bad_sort_or_type_answers_DBS_200001(string extra, string name)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/slowlog/statistics?cur_page=1&per_page=10&{DateWindow}{extra}"), 400,
            "DBS.200001");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }
}
