using System.Text.Json;

namespace DbLogs.Tests.Api.Rds;

/// <summary><c>GET</c> and <c>PUT …/auditlog-policy</c>.</summary>
public class AuditPolicyTests
{
    private static async Task<JsonElement> GetPolicyAsync(RdsFixture f) =>
        await RdsFixture.OkJsonAsync(await f.GetAsync("/auditlog-policy"));

    private static Task<HttpResponseMessage> PutPolicyAsync(RdsFixture f, string? body) =>
        f.SendAsync(HttpMethod.Put, "/auditlog-policy", body);

    private static string[] AuditTypes(JsonElement policy) =>
        [.. policy.GetProperty("audit_types").EnumerateArray().Select(t => t.GetString()!)];

    [Fact]
    public async Task Default_policy_is_disabled_with_every_action_listed()
    {
        await using var f = await RdsFixture.StartAsync();

        var policy = await GetPolicyAsync(f);

        RdsFixture.AssertNames(policy, "keep_days", "audit_types", "all_audit_log_action", "dblogs_apply_status");
        Assert.Equal(JsonValueKind.Number, policy.GetProperty("keep_days").ValueKind);
        Assert.Equal(0, policy.GetProperty("keep_days").GetInt32());
        Assert.Equal(JsonValueKind.Array, policy.GetProperty("audit_types").ValueKind);
        Assert.Equal(0, policy.GetProperty("audit_types").GetArrayLength());

        // A JSON object serialised as a string, mapping each group to a comma list.
        var actions = policy.GetProperty("all_audit_log_action");
        Assert.Equal(JsonValueKind.String, actions.ValueKind);
        using var inner = JsonDocument.Parse(actions.GetString()!);
        var groups = inner.RootElement;
        Assert.Equal(JsonValueKind.Object, groups.ValueKind);
        Assert.Equal(["DCL", "DDL", "DML", "OTHER"], groups.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        foreach (var group in groups.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.String, group.Value.ValueKind);
            Assert.NotEmpty(group.Value.GetString()!);
        }

        Assert.Contains("SELECT", groups.GetProperty("DML").GetString()!.Split(','));
        Assert.Contains("CREATE_USER", groups.GetProperty("DCL").GetString()!.Split(','));
        Assert.Contains("CREATE", groups.GetProperty("DDL").GetString()!.Split(','));
    }

    [Fact]
    public async Task Put_answers_completed_and_get_reflects_it()
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await PutPolicyAsync(f, """{"keep_days":7,"audit_types":["CREATE_USER","SELECT"]}""");

        var status = await RdsFixture.OkJsonAsync(response);
        RdsFixture.AssertNames(status, "status");
        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        var policy = await GetPolicyAsync(f);
        RdsFixture.AssertNames(policy, "keep_days", "audit_types", "all_audit_log_action", "dblogs_apply_status");
        Assert.Equal(7, policy.GetProperty("keep_days").GetInt32());
        Assert.Equal(["CREATE_USER", "SELECT"], AuditTypes(policy));
    }

    [Fact]
    public async Task A_later_put_replaces_the_policy()
    {
        await using var f = await RdsFixture.StartAsync();
        await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, """{"keep_days":7,"audit_types":["CREATE_USER","SELECT"]}"""));

        await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, """{"keep_days":0,"reserve_auditlogs":true}"""));

        var policy = await GetPolicyAsync(f);
        Assert.Equal(0, policy.GetProperty("keep_days").GetInt32());
        Assert.Empty(AuditTypes(policy));
    }

    [Theory]
    [InlineData("""{"keep_days":732}""", 732)]
    [InlineData("""{"keep_days":0}""", 0)]
    [InlineData("""{"keep_days":1,"reserve_auditlogs":false}""", 1)]
    [InlineData("""{"keep_days":7.0}""", 7)]
    [InlineData("""{"keep_days":7,"audit_types":null}""", 7)]
    [InlineData("""{"keep_days":7,"audit_types":[]}""", 7)]
    [InlineData("""{"keep_days":7,"unknown_field":"ignored"}""", 7)]
    public async Task Valid_bodies_are_stored(string body, int keepDays)
    {
        await using var f = await RdsFixture.StartAsync();

        var status = await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, body));

        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        Assert.Equal(keepDays, (await GetPolicyAsync(f)).GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task Every_action_of_the_catalog_is_accepted_and_duplicates_collapse()
    {
        await using var f = await RdsFixture.StartAsync();
        using var catalog = JsonDocument.Parse((await GetPolicyAsync(f)).GetProperty("all_audit_log_action").GetString()!);
        var all = catalog.RootElement.EnumerateObject().SelectMany(g => g.Value.GetString()!.Split(',')).ToArray();

        await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, JsonSerializer.Serialize(new { keep_days = 30, audit_types = all.Concat(all) })));

        Assert.Equal(all, AuditTypes(await GetPolicyAsync(f)));
    }

    [Theory]
    [InlineData("""{"keep_days":733}""")]
    [InlineData("""{"keep_days":-1}""")]
    [InlineData("""{"keep_days":100000}""")]
    [InlineData("""{"keep_days":9223372036854775808}""")]
    public async Task Keep_days_out_of_range_answers_DBS_200461(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, body), 400, "DBS.200461");
        Assert.Contains("keep_days", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"keep_days":"7"}""", "keep_days")]
    [InlineData("""{"keep_days":7.5}""", "keep_days")]
    [InlineData("""{}""", "keep_days")]
    [InlineData("""{"audit_types":["SELECT"]}""", "keep_days")]
    [InlineData("""{"keep_days":null}""", "keep_days")]
    [InlineData("""{"keep_days":true}""", "keep_days")]
    [InlineData("""{"keep_days":[7]}""", "keep_days")]
    [InlineData("""{"KEEP_DAYS":7}""", "keep_days")]
    [InlineData("""{"keep_days":7,"audit_types":["SELECT","NOT_AN_ACTION"]}""", "audit_types")]
    [InlineData("""{"keep_days":7,"audit_types":["select"]}""", "audit_types")]
    [InlineData("""{"keep_days":7,"audit_types":"SELECT"}""", "audit_types")]
    [InlineData("""{"keep_days":7,"audit_types":[1]}""", "audit_types")]
    [InlineData("""{"keep_days":7,"audit_types":[null]}""", "audit_types")]
    [InlineData("""{"keep_days":7,"reserve_auditlogs":"yes"}""", "reserve_auditlogs")]
    [InlineData("""{"keep_days":0,"reserve_auditlogs":0}""", "reserve_auditlogs")]
    [InlineData("""{"keep_days":0,"reserve_auditlogs":null}""", "reserve_auditlogs")]
    public async Task Malformed_fields_answer_DBS_200001_naming_the_field(string body, string field)
    {
        await using var f = await RdsFixture.StartAsync();

        var message = await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, body), 400, "DBS.200001");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"keep_days\":7,}")]
    [InlineData("keep_days=7")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("7")]
    [InlineData("\"{\\\"keep_days\\\":7}\"")]
    [InlineData("{\"keep_days\":7} {}")]
    public async Task Invalid_or_empty_bodies_answer_DBS_200001(string body)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, body), 400, "DBS.200001");
    }

    [Fact]
    public async Task A_put_without_any_body_answers_DBS_200001()
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, null), 400, "DBS.200001");
    }

    [Fact]
    public async Task Deeply_nested_json_answers_DBS_200001()
    {
        await using var f = await RdsFixture.StartAsync();
        var body = """{"keep_days":7,"x":""" + new string('[', 100) + new string(']', 100) + "}";

        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, body), 400, "DBS.200001");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_as_the_gateway_would_before_the_route_reads_it()
    {
        // A Content-Length over the limit is refused before authentication, with a token as with a signature.
        await using var f = await RdsFixture.StartWithTokenAsync();
        var body = """{"keep_days":7,"pad":""" + "\"" + new string('x', (1 << 20) + 10) + "\"}";

        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, body), 413, "APIGW.0201");
    }

    [Fact]
    public async Task A_rejected_put_leaves_the_policy_unchanged()
    {
        await using var f = await RdsFixture.StartAsync();
        await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, """{"keep_days":7,"audit_types":["SELECT"]}"""));

        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, """{"keep_days":733,"audit_types":["INSERT"]}"""), 400, "DBS.200461");
        await RdsFixture.AssertErrorAsync(await PutPolicyAsync(f, """{"keep_days":8,"audit_types":["NOPE"]}"""), 400, "DBS.200001");

        var policy = await GetPolicyAsync(f);
        Assert.Equal(7, policy.GetProperty("keep_days").GetInt32());
        Assert.Equal(["SELECT"], AuditTypes(policy));
    }

    [Fact]
    public async Task Policies_are_per_instance()
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);

        await RdsFixture.OkJsonAsync(await PutPolicyAsync(f, """{"keep_days":7}"""));

        var response = await f.SendPathAsync(HttpMethod.Get, f.InstancePath(other) + "/auditlog-policy");
        Assert.Equal(0, (await RdsFixture.OkJsonAsync(response)).GetProperty("keep_days").GetInt32());
    }
}
