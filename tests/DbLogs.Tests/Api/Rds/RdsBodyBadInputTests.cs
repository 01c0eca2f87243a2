using System.Text.Json;

namespace DbLogs.Tests.Api.Rds;

/// <summary>
/// Bad values of every body field of the RDS audit routes (keep_days, ids, instance_id). <c>{self}</c> in a body stands for
/// the instance in the path, <c>{other}</c> for another instance of the same project.
/// </summary>
public static class RdsBadBody
{
    private static readonly string Long = JsonSerializer.Serialize(new string('x', 10_000));
    private static readonly string LongDigits = new('9', 10_000);
    private const string TwoPow63 = "9223372036854775808";
    private const string Unicode = "\"\u2460\u5341\"";
    private const string Sql = "\"' OR 1=1\"";
    private const string DotDot = "\"../../etc/passwd\"";

    public static TheoryData<string, int, string> KeepDaysRows => new()
    {
        { "{}", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":""}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":"7"}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":7.5}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":false}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":{}}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":-1}""", 400, RdsBadQuery.OutOfRange },
        { $$"""{"keep_days":-{{TwoPow63}}}""", 400, RdsBadQuery.OutOfRange },
        { $$"""{"keep_days":{{TwoPow63}}}""", 400, RdsBadQuery.OutOfRange },
        { """{"keep_days":733}""", 400, RdsBadQuery.OutOfRange },
        { """{"keep_days":2147483648}""", 400, RdsBadQuery.OutOfRange },
        { $$"""{"keep_days":{{Unicode}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":{{Sql}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":{{DotDot}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":{{Long}}}""", 400, RdsBadQuery.ParameterError },
        { """{"keep_days":7,"audit_types":["SELECT",""]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":7,"audit_types":[{{Sql}}]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":7,"audit_types":[{{Long}}]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"keep_days":7,"reserve_auditlogs":{{Long}}}""", 400, RdsBadQuery.ParameterError },
    };

    public static TheoryData<string, int, string> IdsRows => new()
    {
        { "{}", 400, RdsBadQuery.ParameterError },
        { """{"ids":""}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":"x"}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":-1}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":[-1]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"ids":{{TwoPow63}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"ids":[{{TwoPow63}}]}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":[]}""", 400, RdsBadQuery.OutOfRange },
        { JsonSerializer.Serialize(new { ids = Enumerable.Range(0, 51).Select(n => $"id{n}") }), 400, RdsBadQuery.OutOfRange },
        { JsonSerializer.Serialize(new { ids = Enumerable.Range(0, 10_000).Select(n => $"id{n}") }), 400, RdsBadQuery.OutOfRange },
        { $$"""{"ids":[{{Unicode}}]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"ids":[{{Sql}}]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"ids":[{{DotDot}}]}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"ids":[{{Long}}]}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":["a"],"ids":["b"]}""", 400, RdsBadQuery.ParameterError },
        { """{"ids":["a","a"]}""", 400, RdsBadQuery.ParameterError },
    };

    public static TheoryData<string, int, string> InstanceIdRows => new()
    {
        { "{}", 200, "" },
        { """{"instance_id":""}""", 400, RdsBadQuery.ParameterError },
        { """{"instance_id":123}""", 400, RdsBadQuery.ParameterError },
        { """{"instance_id":-1}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"instance_id":{{TwoPow63}}}""", 400, RdsBadQuery.ParameterError },
        { """{"instance_id":"{other}"}""", 400, RdsBadQuery.ParameterError },
        { """{"instance_id":"ffffffffffffffffffffffffffffffffin01"}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"instance_id":{{Unicode}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"instance_id":{{Sql}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"instance_id":{{DotDot}}}""", 400, RdsBadQuery.ParameterError },
        { $$"""{"instance_id":{{Long}}}""", 400, RdsBadQuery.ParameterError },
        { """{"instance_id":"{self}","instance_id":"{other}"}""", 400, RdsBadQuery.ParameterError },
    };

    /// <summary>
    /// Bodies that a strict reader rejects and this one does not: a field given twice (the query rule is "a repeated
    /// parameter is always an error"; System.Text.Json keeps the last value), and an integer too large for decimal.
    /// </summary>
    public static TheoryData<string, string, int, string> InconsistentRows => new()
    {
        { "/auditlog-policy", """{"keep_days":800,"keep_days":7}""", 400, RdsBadQuery.ParameterError },
        { "/auditlog-rotate", """{"instance_id":"{other}","instance_id":"{self}"}""", 400, RdsBadQuery.ParameterError },
        { "/auditlog-policy", $$"""{"keep_days":{{LongDigits}}}""", 400, RdsBadQuery.OutOfRange },
        { "/auditlog-policy", """{"keep_days":1e400}""", 400, RdsBadQuery.OutOfRange },
    };

    public static async Task SendAndAssertAsync(string relative, string body, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();
        var other = await f.App.CreateMysqlInstanceAsync(f.Project);
        body = body.Replace("{self}", f.Instance, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal);
        var method = relative == "/auditlog-policy" ? HttpMethod.Put : HttpMethod.Post;

        await RdsBadQuery.AssertAnswerAsync(await f.SendAsync(method, relative, body), status, code);
    }
}

public class RdsPolicyBodyBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadBody.KeepDaysRows), MemberType = typeof(RdsBadBody))]
    public Task Policy_body(string body, int status, string code) => RdsBadBody.SendAndAssertAsync("/auditlog-policy", body, status, code);
}

public class RdsLinksBodyBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadBody.IdsRows), MemberType = typeof(RdsBadBody))]
    public Task Links_body(string body, int status, string code) => RdsBadBody.SendAndAssertAsync("/auditlog-links", body, status, code);
}

public class RdsRotateBodyBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadBody.InstanceIdRows), MemberType = typeof(RdsBadBody))]
    public Task Rotate_body(string body, int status, string code) => RdsBadBody.SendAndAssertAsync("/auditlog-rotate", body, status, code);

    [Theory]
    [MemberData(nameof(RdsBadBody.InconsistentRows), MemberType = typeof(RdsBadBody))]
    public Task Strict_body_reading(string relative, string body, int status, string code) =>
        RdsBadBody.SendAndAssertAsync(relative, body, status, code);
}
