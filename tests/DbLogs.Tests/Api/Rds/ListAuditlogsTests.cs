using System.Text.Json;
using static DbLogs.Tests.Api.Rds.RdsQuery;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>GET /v3/{project_id}/instances/{instance_id}/auditlog</c> (the seed, spec/rds-v3-logs.md).</summary>
public class ListAuditlogsTests
{
    // The two files of the seed's example: 09:03:34–10:39:15 and 09:04:35–10:38:16 on consecutive days, UTC+8.
    private static readonly DateTimeOffset FirstBegin = new(2019, 11, 6, 9, 3, 34, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset FirstEnd = new(2019, 11, 6, 10, 39, 15, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset SecondBegin = new(2019, 11, 7, 9, 4, 35, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset SecondEnd = new(2019, 11, 7, 10, 38, 16, TimeSpan.FromHours(8));

    private static async Task<(string First, string Second)> SeedExampleAsync(RdsFixture f)
    {
        var first = await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd);
        var second = await f.Seeder.AuditFileAsync(f.Instance, SecondBegin, SecondEnd);
        return (first, second);
    }

    private static string[] Ids(JsonElement body) =>
        [.. body.GetProperty("auditlogs").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Seed_example_has_the_documented_shape_and_values()
    {
        await using var f = await RdsFixture.StartAsync();
        var (first, second) = await SeedExampleAsync(f);

        var response = await f.GetAsync("/auditlog?start_time=2019-11-06T09:00:00+0800&end_time=2019-11-07T10:40:15+0800&offset=0&limit=10");

        var body = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(body, "auditlogs", "total_record");
        Assert.Equal(JsonValueKind.Number, body.GetProperty("total_record").ValueKind);
        Assert.Equal(2, body.GetProperty("total_record").GetInt64());
        var items = body.GetProperty("auditlogs").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        foreach (var item in items)
        {
            RdsFixture.AssertNames(item, "id", "name", "size", "begin_time", "end_time");
            Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
            Assert.Equal(JsonValueKind.String, item.GetProperty("name").ValueKind);
            Assert.Equal(JsonValueKind.Number, item.GetProperty("size").ValueKind);
            Assert.Equal("20481.835938", item.GetProperty("size").GetRawText());
            Assert.Contains($"_{f.Instance}_Audit_", item.GetProperty("name").GetString(), StringComparison.Ordinal);
        }

        // Newest first.
        Assert.Equal(second, items[0].GetProperty("id").GetString());
        Assert.Equal("2019-11-07T09:04:35+0800", items[0].GetProperty("begin_time").GetString());
        Assert.Equal("2019-11-07T10:38:16+0800", items[0].GetProperty("end_time").GetString());
        Assert.Equal(first, items[1].GetProperty("id").GetString());
        Assert.Equal("2019-11-06T09:03:34+0800", items[1].GetProperty("begin_time").GetString());
        Assert.Equal("2019-11-06T10:39:15+0800", items[1].GetProperty("end_time").GetString());
    }

    [Fact]
    public async Task Size_is_kilobytes_with_a_fraction_as_a_json_number()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd, sizeBytes: 1536);

        var response = await f.GetAsync("/auditlog?" + AuditWindow);

        var size = (await RdsFixture.OkJsonAsync(response)).GetProperty("auditlogs")[0].GetProperty("size");
        Assert.Equal(JsonValueKind.Number, size.ValueKind);
        Assert.Equal(1.5, size.GetDouble());
        Assert.Contains("\"size\":1.5,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2019-11-06T00:00:00Z", "2019-11-08T00:00:00Z", "2019-11-07T01:04:35+0000", "2019-11-07T02:38:16+0000")]
    [InlineData("2019-11-06T00:00:00%2B0000", "2019-11-08T00:00:00Z", "2019-11-07T01:04:35+0000", "2019-11-07T02:38:16+0000")]
    [InlineData("2019-11-05T00:00:00-0500", "2019-11-08T00:00:00Z", "2019-11-06T20:04:35-0500", "2019-11-06T21:38:16-0500")]
    [InlineData("2019-11-05T00:00:00-05:00", "2019-11-08T00:00:00Z", "2019-11-06T20:04:35-0500", "2019-11-06T21:38:16-0500")]
    [InlineData("2019-11-06T00:00:00+0800", "2019-11-08T00:00:00Z", "2019-11-07T09:04:35+0800", "2019-11-07T10:38:16+0800")]
    [InlineData("2019-11-06T00:00:00%2B08:00", "2019-11-08T00:00:00Z", "2019-11-07T09:04:35+0800", "2019-11-07T10:38:16+0800")]
    [InlineData("2019-11-06T00:00:00%2B0530", "2019-11-08T00:00:00Z", "2019-11-07T06:34:35+0530", "2019-11-07T08:08:16+0530")]
    public async Task Times_are_answered_in_the_offset_of_start_time(string start, string end, string begin, string finish)
    {
        await using var f = await RdsFixture.StartAsync();
        var (_, second) = await SeedExampleAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?start_time={start}&end_time={end}"));

        var newest = body.GetProperty("auditlogs")[0];
        Assert.Equal(second, newest.GetProperty("id").GetString());
        Assert.Equal(begin, newest.GetProperty("begin_time").GetString());
        Assert.Equal(finish, newest.GetProperty("end_time").GetString());
    }

    public static TheoryData<string, string> AcceptedTimeForms => new()
    {
        // The .NET SDK and python-otcextensions send '+' raw; the query decoder turns it into a space.
        { "2019-11-06T09:00:00+0800", "2019-11-07T10:40:15+0800" },
        { "2019-11-06T09:00:00%2B0800", "2019-11-07T10:40:15%2B0800" },
        { "2019-11-06T09:00:00%200800", "2019-11-07T10:40:15%200800" },
        { "2019-11-06T01:00:00Z", "2019-11-07T02:40:15Z" },
        { "2019-11-06T09:00:00+08:00", "2019-11-07T10:40:15+08:00" },
        { "2019-11-06T09:00:00%2B08:00", "2019-11-07T10:40:15%2B08:00" },
        { "2019-11-05T20:00:00-0500", "2019-11-06T21:40:15-0500" },
        { "2019-11-06T09:00:00+0800", "2019-11-07T02:40:15Z" },
    };

    [Theory]
    [MemberData(nameof(AcceptedTimeForms))]
    public async Task Every_accepted_time_form_finds_both_files(string start, string end)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedExampleAsync(f);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?start_time={start}&end_time={end}&offset=0&limit=10"));

        Assert.Equal(2, body.GetProperty("total_record").GetInt64());
        Assert.Equal(2, body.GetProperty("auditlogs").GetArrayLength());
    }

    [Theory]
    [InlineData("2019-11-06%2009:00:00")]
    [InlineData("2019-11-06T09:00:00")]
    [InlineData("2019-11-06T09:00:00%2B8")]
    [InlineData("2019-11-06T09:00:00+8")]
    [InlineData("2019-11-06T09:00:00%2B0860")]
    [InlineData("2019-13-01T00:00:00Z")]
    [InlineData("")]
    [InlineData("2019-11-06T09:00:00.000Z")]
    [InlineData("2019-11-06T09:00:00%2B08")]
    [InlineData("2019-11-06T09:00:00%2B1500")]
    [InlineData("1573002000000")]
    public async Task Rejected_start_time_forms_answer_parameter_error(string start)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.GetAsync($"/auditlog?start_time={start}&end_time=2019-11-07T10:40:15%2B0800");

        var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.200001");
        Assert.Contains("start_time", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2019-11-07%2010:40:15")]
    [InlineData("2019-11-07T10:40:15")]
    [InlineData("2019-11-07T10:40:15%2B8")]
    [InlineData("2019-11-07T10:40:15%2B0860")]
    [InlineData("2019-13-01T00:00:00Z")]
    [InlineData("")]
    public async Task Rejected_end_time_forms_answer_parameter_error(string end)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await f.GetAsync($"/auditlog?start_time=2019-11-06T09:00:00%2B0800&end_time={end}");

        var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.200001");
        Assert.Contains("end_time", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start_time=2019-11-06T09:00:00%2B0800&end_time=2019-11-06T09:00:00%2B0800")] // end = start
    [InlineData("start_time=2019-11-06T09:00:00%2B0800&end_time=2019-11-06T01:00:00Z")] // the same instant, other offset
    [InlineData("start_time=2019-11-07T09:00:00%2B0800&end_time=2019-11-06T09:00:00%2B0800")] // end < start
    [InlineData("start_time=2019-10-01T00:00:00Z&end_time=2019-10-31T00:00:01Z")] // 30 days + 1 s
    [InlineData("start_time=2019-01-01T00:00:00Z&end_time=2019-11-07T00:00:00Z")]
    [InlineData("end_time=2019-11-07T10:40:15%2B0800")]
    [InlineData("start_time=2019-11-06T09:00:00%2B0800")]
    [InlineData("")]
    public async Task Bad_windows_answer_parameter_error(string query)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await f.GetAsync("/auditlog?" + query), 400, "DBS.200001");
    }

    [Fact]
    public async Task A_span_of_exactly_thirty_days_is_allowed()
    {
        await using var f = await RdsFixture.StartAsync();

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog?start_time=2019-10-01T00:00:00Z&end_time=2019-10-31T00:00:00Z"));

        Assert.Equal(0, body.GetProperty("total_record").GetInt64());
        Assert.Equal(0, body.GetProperty("auditlogs").GetArrayLength());
    }

    [Fact]
    public async Task Files_overlapping_the_window_are_listed_and_others_are_not()
    {
        await using var f = await RdsFixture.StartAsync();
        var s = f.Seeder;
        var i = f.Instance;
        var coversWindow = await s.AuditFileAsync(i, Utc(2019, 11, 6, 8, 0, 0), Utc(2019, 11, 6, 13, 0, 0));
        var startsBeforeEndsInside = await s.AuditFileAsync(i, Utc(2019, 11, 6, 9, 0, 0), Utc(2019, 11, 6, 10, 30, 0));
        var inside = await s.AuditFileAsync(i, Utc(2019, 11, 6, 10, 15, 0), Utc(2019, 11, 6, 10, 45, 0));
        var startsInsideEndsAfter = await s.AuditFileAsync(i, Utc(2019, 11, 6, 11, 30, 0), Utc(2019, 11, 6, 13, 0, 0));
        var touchesStart = await s.AuditFileAsync(i, Utc(2019, 11, 6, 9, 30, 0), Utc(2019, 11, 6, 10, 0, 0));
        await s.AuditFileAsync(i, Utc(2019, 11, 6, 7, 0, 0), Utc(2019, 11, 6, 9, 59, 59)); // entirely before
        await s.AuditFileAsync(i, Utc(2019, 11, 6, 12, 0, 1), Utc(2019, 11, 6, 14, 0, 0)); // entirely after
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        await s.AuditFileAsync(other, Utc(2019, 11, 6, 10, 15, 0), Utc(2019, 11, 6, 10, 45, 0)); // another instance

        var body = await RdsFixture.OkJsonAsync(
            await f.GetAsync("/auditlog?start_time=2019-11-06T10:00:00Z&end_time=2019-11-06T12:00:00Z&limit=50"));

        Assert.Equal(5, body.GetProperty("total_record").GetInt64());
        Assert.Equal([startsInsideEndsAfter, inside, touchesStart, startsBeforeEndsInside, coversWindow], Ids(body));
    }

    [Fact]
    public async Task Files_with_the_same_begin_time_are_ordered_by_node_then_newest_in_its_stream_first()
    {
        await using var f = await RdsFixture.StartAsync();
        var second = await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd, sequence: 2);
        var otherNode = await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd, nodeId: "n2", sequence: 1);
        var third = await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd.AddMinutes(5), sequence: 3);
        var first = await f.Seeder.AuditFileAsync(f.Instance, FirstBegin, FirstEnd, sequence: 1);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog?" + AuditWindow));

        Assert.Equal([third, second, first, otherNode], Ids(body));
    }

    private static async Task<string[]> SeedHourlyAsync(RdsFixture f, int count)
    {
        // Oldest first; returned newest first, as the list answers.
        var ids = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var begin = Utc(2019, 11, 6, 0, 0, 0).AddHours(n);
            ids.Add(await f.Seeder.AuditFileAsync(f.Instance, begin, begin.AddMinutes(30)));
        }

        ids.Reverse();
        return [.. ids];
    }

    private const string DayWindow = "start_time=2019-11-06T00:00:00Z&end_time=2019-11-07T00:00:00Z";

    [Theory]
    [InlineData(0, 2, 0, 2)]
    [InlineData(2, 2, 2, 2)]
    [InlineData(4, 2, 4, 1)]
    [InlineData(1, 50, 1, 4)]
    [InlineData(0, 1, 0, 1)]
    public async Task Offset_skips_records_and_limit_caps_the_page(int offset, int limit, int firstIndex, int count)
    {
        await using var f = await RdsFixture.StartAsync();
        var ids = await SeedHourlyAsync(f, 5);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?{DayWindow}&offset={offset}&limit={limit}"));

        Assert.Equal(5, body.GetProperty("total_record").GetInt64());
        Assert.Equal(ids.Skip(firstIndex).Take(count).ToArray(), Ids(body));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public async Task Offset_past_the_end_answers_an_empty_list_with_the_total(int offset)
    {
        await using var f = await RdsFixture.StartAsync();
        await SeedHourlyAsync(f, 5);

        var response = await f.GetAsync($"/auditlog?{DayWindow}&offset={offset}&limit=10");

        var text = await response.Content.ReadAsStringAsync();
        await RdsFixture.OkJsonAsync(response);
        Assert.Equal("""{"auditlogs":[],"total_record":5}""", text);
    }

    [Fact]
    public async Task Limit_defaults_to_ten_and_offset_to_zero()
    {
        await using var f = await RdsFixture.StartAsync();
        var ids = await SeedHourlyAsync(f, 12);

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog?" + DayWindow));

        Assert.Equal(12, body.GetProperty("total_record").GetInt64());
        Assert.Equal(ids.Take(10).ToArray(), Ids(body));
    }

    [Fact]
    public async Task Terraform_style_paging_visits_every_file_once()
    {
        await using var f = await RdsFixture.StartAsync();
        var ids = await SeedHourlyAsync(f, 7);

        // First page without offset, then offset += limit until an empty page.
        var seen = new List<string>();
        var page = Ids(await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?{DayWindow}&limit=3")));
        for (var offset = 3; page.Length > 0; offset += 3)
        {
            seen.AddRange(page);
            page = Ids(await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?{DayWindow}&limit=3&offset={offset}")));
        }

        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("50")]
    public async Task Limit_bounds_are_accepted(string limit)
    {
        await using var f = await RdsFixture.StartAsync();

        var body = await RdsFixture.OkJsonAsync(await f.GetAsync($"/auditlog?{AuditWindow}&limit={limit}"));

        Assert.Equal(0, body.GetProperty("total_record").GetInt64());
    }

    [Theory]
    [InlineData("51")]
    [InlineData("0")]
    [InlineData("100")]
    public async Task Limit_out_of_range_answers_DBS_200461(string limit)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await f.GetAsync($"/auditlog?{AuditWindow}&offset=0&limit={limit}"), 400, "DBS.200461");
        Assert.Contains("limit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_instances_files_are_not_listed()
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        await f.Seeder.AuditFileAsync(other, FirstBegin, FirstEnd);

        var response = await f.GetAsync("/auditlog?" + AuditWindow);

        await RdsFixture.OkJsonAsync(response);
        Assert.Equal("""{"auditlogs":[],"total_record":0}""", await response.Content.ReadAsStringAsync());
    }
}
