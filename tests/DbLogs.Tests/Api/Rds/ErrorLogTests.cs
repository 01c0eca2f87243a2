using System.Text.Json;
using static DbLogs.Tests.Api.Rds.RdsQuery;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>GET …/errorlog</c> (ListErrorLogs): page-number paging, UTC times without an offset.</summary>
public class ErrorLogTests
{
    private const string Window = "start_date=2018-12-04T00:00:00%2B0800&end_date=2018-12-05T00:00:00%2B0800";

    private static string[] Contents(JsonElement body) =>
        [.. body.GetProperty("error_log_list").EnumerateArray().Select(e => e.GetProperty("content").GetString()!)];

    /// <summary>Seeds entries one minute apart from 2018-12-04T10:00:00Z; returns their contents newest first.</summary>
    private static async Task<string[]> SeedAsync(RdsFixture f, params string[] levels)
    {
        var contents = new List<string>();
        for (var n = 0; n < levels.Length; n++)
        {
            var content = $"entry {n} {levels[n]}";
            await f.Seeder.ErrorLogAsync(f.Instance, Utc(2018, 12, 4, 10, n, 0), levels[n], content);
            contents.Add(content);
        }

        contents.Reverse();
        return [.. contents];
    }

    [Fact]
    public async Task Entries_have_the_documented_shape_with_utc_times_without_offset()
    {
        await using var f = await RdsFixture.StartAsync();
        // 22:24:42 in Beijing is 14:24:42 UTC.
        await f.Seeder.ErrorLogAsync(f.Instance, new DateTimeOffset(2018, 12, 4, 22, 24, 42, TimeSpan.FromHours(8)), "ERROR",
            "[MY-010000] [Server] InnoDB: Cannot open table 'shop/orders' — 表不存在");

        var response = await f.GetAsync($"/errorlog?{Window}&offset=1&limit=10&level=ALL");

        var body = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(body, "error_log_list", "total_record");
        Assert.Equal(JsonValueKind.Number, body.GetProperty("total_record").ValueKind);
        Assert.Equal(1, body.GetProperty("total_record").GetInt64());
        var entry = Assert.Single(body.GetProperty("error_log_list").EnumerateArray());
        RdsFixture.AssertNames(entry, "time", "level", "content");
        Assert.Equal("2018-12-04T14:24:42", entry.GetProperty("time").GetString());
        Assert.Equal("ERROR", entry.GetProperty("level").GetString());
        Assert.Equal("[MY-010000] [Server] InnoDB: Cannot open table 'shop/orders' — 表不存在", entry.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Raw_plus_in_the_dates_is_accepted()
    {
        await using var f = await RdsFixture.StartAsync();
        var all = await SeedAsync(f, "ERROR", "WARNING");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/errorlog?start_date=2018-12-04T00:00:00+0800&end_date=2018-12-05T00:00:00+0800"));

        Assert.Equal(all, Contents(body));
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 1, 2)]
    [InlineData(1, 2, 0)]
    [InlineData(2, 2, 2)]
    public async Task Offset_is_a_page_number_starting_at_one(int offset, int limit, int firstIndex)
    {
        await using var f = await RdsFixture.StartAsync();
        var all = await SeedAsync(f, "ERROR", "WARNING", "NOTE");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/errorlog?{Window}&offset={offset}&limit={limit}"));

        Assert.Equal(3, body.GetProperty("total_record").GetInt64());
        Assert.Equal(all.Skip(firstIndex).Take(limit).ToArray(), Contents(body));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public async Task A_page_past_the_end_is_empty_with_the_total(int offset)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f, "ERROR", "WARNING", "NOTE");

        var response = await f.GetAsync($"/errorlog?{Window}&offset={offset}&limit=1");

        await RdsFixture.OkJsonAsync(response);
        Assert.Equal("""{"error_log_list":[],"total_record":3}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Offset_defaults_to_page_one_and_limit_to_ten()
    {
        await using var f = await RdsFixture.StartAsync();
        var all = await SeedAsync(f, [.. Enumerable.Repeat("ERROR", 12)]);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/errorlog?" + Window));

        Assert.Equal(12, body.GetProperty("total_record").GetInt64());
        Assert.Equal(all.Take(10).ToArray(), Contents(body));
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("&level=ALL", 4)]
    [InlineData("&level=", 4)]
    [InlineData("&level=ERROR", 2)]
    [InlineData("&level=error", 2)]
    [InlineData("&level=WARNING", 1)]
    [InlineData("&level=NOTE", 1)]
    [InlineData("&level=FATAL", 0)]
    [InlineData("&level=INFO", 0)]
    [InlineData("&level=LOG", 0)]
    [InlineData("&level=PANIC", 0)]
    public async Task Level_filters_entries(string level, int expected)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedAsync(f, "ERROR", "WARNING", "ERROR", "NOTE");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/errorlog?{Window}{level}"));

        Assert.Equal(expected, body.GetProperty("total_record").GetInt64());
        var levels = body.GetProperty("error_log_list").EnumerateArray().Select(e => e.GetProperty("level").GetString()).ToArray();
        Assert.Equal(expected, levels.Length);
        if (level.Length > "&level=".Length && !level.EndsWith("ALL", StringComparison.Ordinal))
        {
            Assert.All(levels, l => Assert.Equal(level["&level=".Length..], l, ignoreCase: true));
        }
    }

    [Fact]
    public async Task Only_entries_inside_the_window_are_listed_bounds_included()
    {
        await using var f = await RdsFixture.StartAsync();
        var s = f.Seeder;
        await s.ErrorLogAsync(f.Instance, Utc(2018, 12, 3, 15, 59, 59), "ERROR", "before");
        await s.ErrorLogAsync(f.Instance, Utc(2018, 12, 3, 16, 0, 0), "ERROR", "at start");
        await s.ErrorLogAsync(f.Instance, Utc(2018, 12, 4, 16, 0, 0), "ERROR", "at end");
        await s.ErrorLogAsync(f.Instance, Utc(2018, 12, 4, 16, 0, 1), "ERROR", "after");
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        await s.ErrorLogAsync(other, Utc(2018, 12, 4, 10, 0, 0), "ERROR", "another instance");

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/errorlog?" + Window));

        Assert.Equal(["at end", "at start"], Contents(body));
        Assert.Equal(2, body.GetProperty("total_record").GetInt64());
    }

    [Theory]
    [InlineData("limit=1")]
    [InlineData("limit=100")]
    public async Task Limit_bounds_are_accepted(string limit)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.OkJsonAsync(await f.GetAsync($"/errorlog?{Window}&{limit}"));
    }

    [Theory]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("offset=0", "offset")]
    public async Task Paging_out_of_range_answers_DBS_200461(string paging, string name)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/errorlog?{Window}&{paging}"), 400, "DBS.200461");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("level=DEBUG", "level")]
    [InlineData("level=ALL,ERROR", "level")]
    [InlineData("start_date=2018-12-04T00:00:00", "start_date")]
    [InlineData("start_date=2018-12-05T00:00:00%2B0800", "end_date")] // end = start
    [InlineData("start_date=2018-11-04T00:00:00%2B0800", "end_date")] // 31 days
    public async Task Bad_parameters_answer_DBS_200001_naming_the_parameter(string replacement, string named)
    {
        await using var f = await RdsFixture.StartAsync();
        var name = replacement[..replacement.IndexOf('=', StringComparison.Ordinal)];
        var query = string.Join('&', Window.Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)).Append(replacement));

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync("/errorlog?" + query), 400, "DBS.200001");
        Assert.Contains(named, message, StringComparison.Ordinal);
    }
}
