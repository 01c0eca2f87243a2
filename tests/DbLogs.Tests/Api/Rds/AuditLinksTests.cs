using System.Text.Json;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>POST …/auditlog-links</c> (ShowAuditlogDownloadLink).</summary>
public class AuditLinksTests
{
    private static readonly DateTimeOffset Begin = new(2019, 11, 6, 9, 3, 34, TimeSpan.FromHours(8));

    private static Task<HttpResponseMessage> PostLinksAsync(RdsFixture f, string? body) =>
        f.SendAsync(HttpMethod.Post, "/auditlog-links", body);

    private static string IdsBody(IEnumerable<string> ids) => JsonSerializer.Serialize(new { ids });

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"id":["x"]}""")]
    [InlineData("""{"IDS":["x"]}""")]
    [InlineData("""{"ids":null}""")]
    [InlineData("""{"ids":"fa163ea0e2bet11e9d832166a2cf894c5br01"}""")]
    [InlineData("""{"ids":{"0":"x"}}""")]
    [InlineData("""{"ids":1}""")]
    [InlineData("""{"ids":true}""")]
    public async Task Ids_missing_or_not_an_array_answer_DBS_200001(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, body), 400, "DBS.200001");
        Assert.Contains("ids", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_id_list_answers_DBS_200461()
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, """{"ids":[]}"""), 400, "DBS.200461");
        Assert.Contains("ids", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_one_ids_answer_DBS_200461_even_when_they_exist()
    {
        await using var f = await RdsFixture.StartAsync();
        var ids = new List<string>();
        for (var n = 0; n < 51; n++)
        {
            ids.Add(await f.Seeder.AuditFileAsync(f.Instance, Begin.AddHours(n), Begin.AddHours(n).AddMinutes(30)));
        }

        await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody(ids)), 400, "DBS.200461");
    }

    [Fact]
    public async Task Fifty_unknown_ids_are_within_range_and_answer_the_first_unknown()
    {
        await using var f = await RdsFixture.StartAsync();
        var ids = Enumerable.Range(0, 50).Select(n => $"unknown{n:00}br01").ToArray();

        var message = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody(ids)), 400, "DBS.200001");

        Assert.Contains("unknown00br01", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_answers_DBS_200001_naming_it()
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.AuditFileAsync(f.Instance, Begin, Begin.AddHours(1));

        var response = await PostLinksAsync(f, """{"ids":["fa163ea0e2bet11e9d832166a2cf894c5br01"]}""");

        var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.200001");
        Assert.StartsWith("Parameter error.", message, StringComparison.Ordinal);
        Assert.Contains("fa163ea0e2bet11e9d832166a2cf894c5br01", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unknown_id_among_known_ones_is_named()
    {
        await using var f = await RdsFixture.StartAsync();
        var known = await f.Seeder.AuditFileAsync(f.Instance, Begin, Begin.AddHours(1));

        var message = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody([known, "missing0000br01"])), 400, "DBS.200001");

        Assert.Contains("missing0000br01", message, StringComparison.Ordinal);
        Assert.DoesNotContain(known, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_instances_audit_id_is_answered_like_an_unknown_id()
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        var foreign = await f.Seeder.AuditFileAsync(other, Begin, Begin.AddHours(1));
        var unknown = Guid.NewGuid().ToString("N") + "br01";

        var foreignMessage = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody([foreign])), 400, "DBS.200001");
        var unknownMessage = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody([unknown])), 400, "DBS.200001");

        Assert.Contains(foreign, foreignMessage, StringComparison.Ordinal);
        Assert.Equal(unknownMessage.Replace(unknown, "{id}", StringComparison.Ordinal), foreignMessage.Replace(foreign, "{id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_projects_audit_id_is_answered_like_an_unknown_id()
    {
        await using var f = await RdsFixture.StartAsync();
        var otherProject = await f.AddProjectAsync("other");
        var otherInstance = await f.App.CreateMysqlInstanceAsync(otherProject);
        var foreign = await f.Seeder.AuditFileAsync(otherInstance, Begin, Begin.AddHours(1));

        var message = await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, IdsBody([foreign])), 400, "DBS.200001");

        Assert.Contains(foreign, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ids":[1]}""")]
    [InlineData("""{"ids":[""]}""")]
    [InlineData("""{"ids":[null]}""")]
    [InlineData("""{"ids":[["x"]]}""")]
    [InlineData("""{"ids":[{"id":"x"}]}""")]
    public async Task Ids_that_are_not_non_empty_strings_answer_DBS_200001(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, body), 400, "DBS.200001");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""["fa163ea0e2bet11e9d832166a2cf894c5br01"]""")]
    [InlineData("null")]
    public async Task Invalid_or_empty_bodies_answer_DBS_200001(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await PostLinksAsync(f, body), 400, "DBS.200001");
    }

    [Fact]
    public async Task Known_ids_get_one_link_each_in_the_order_asked()
    {
        await using var f = await RdsFixture.StartAsync();
        var first = await f.Seeder.AuditFileAsync(f.Instance, Begin, Begin.AddHours(1));
        var second = await f.Seeder.AuditFileAsync(f.Instance, Begin.AddHours(1), Begin.AddHours(2));

        var body = await RdsFixture.OkJsonAsync(await PostLinksAsync(f, IdsBody([second, first])));

        RdsFixture.AssertNames(body, "links");
        var links = body.GetProperty("links").EnumerateArray().Select(l => l.GetString()!).ToArray();
        Assert.Equal(2, links.Length);
        Assert.All(links, l => Assert.False(string.IsNullOrEmpty(l)));
        Assert.NotEqual(links[0], links[1]);
        Assert.Contains($"/{second}/", links[0], StringComparison.Ordinal);
        Assert.Contains($"/{first}/", links[1], StringComparison.Ordinal);
    }
}
