using System.Net;
using DbLogs.Tests.Api.Rds;

namespace DbLogs.Tests.AuditSearch;

/// <summary>The audit record search route's checks: every parameter's bad values, authentication and project isolation.</summary>
public sealed class AuditSearchApiTests : IAsyncLifetime
{
    private const string Window = "start_time=2019-11-06T09:00:00%2B0800&end_time=2019-11-07T09:00:00%2B0800";
    private RdsFixture _rds = null!;

    public async Task InitializeAsync() => _rds = await RdsFixture.StartAsync();

    public async Task DisposeAsync() => await _rds.DisposeAsync();

    private string Path(string instance, string query) => $"/dblogs/v1/{_rds.Project.Id}/instances/{instance}/audit-records?{query}";

    private Task<HttpResponseMessage> GetAsync(string query) => _rds.SendPathAsync(HttpMethod.Get, Path(_rds.Instance, query));

    public static TheoryData<string, int, string> BadQueries => new()
    {
        { "", 400, RdsBadQuery.ParameterError },
        { "start_time=2019-11-06T09:00:00%2B0800", 400, RdsBadQuery.ParameterError },
        { "start_time=yesterday&end_time=2019-11-07T09:00:00%2B0800", 400, RdsBadQuery.ParameterError },
        { "start_time=2019-11-07T09:00:00%2B0800&end_time=2019-11-06T09:00:00%2B0800", 400, RdsBadQuery.ParameterError },
        { "start_time=2019-10-01T09:00:00%2B0800&end_time=2019-11-02T09:00:01%2B0800", 400, RdsBadQuery.ParameterError },
        { Window + "&limit=0", 400, RdsBadQuery.OutOfRange },
        { Window + "&limit=1001", 400, RdsBadQuery.OutOfRange },
        { Window + "&limit=" + RdsBadQuery.TenThousandDigits, 400, RdsBadQuery.OutOfRange },
        { Window + "&limit=ten", 400, RdsBadQuery.ParameterError },
        { Window + "&offset=-1", 400, RdsBadQuery.OutOfRange },
        { Window + "&offset=" + RdsBadQuery.TwoPow63, 400, RdsBadQuery.OutOfRange },
        { Window + "&return_code=-1", 400, RdsBadQuery.OutOfRange },
        { Window + "&return_code=" + RdsBadQuery.FullwidthOne, 400, RdsBadQuery.ParameterError },
        { Window + "&operation=SELECT", 400, RdsBadQuery.ParameterError },
        { Window + "&operation=QUERY,", 400, RdsBadQuery.ParameterError },
        { Window + "&operation=" + RdsBadQuery.SqlInjection, 400, RdsBadQuery.ParameterError },
        { Window + "&keyword=" + string.Join("+", Enumerable.Range(0, 11).Select(i => $"k{i}")), 400, RdsBadQuery.ParameterError },
        { Window + "&keyword=" + new string('x', 1001), 400, RdsBadQuery.ParameterError },
        { Window + "&keyword=" + RdsBadQuery.TenThousand, 400, RdsBadQuery.ParameterError },
        { Window + "&keyword=+++", 400, RdsBadQuery.ParameterError },
        { Window + "&keyword=", 400, RdsBadQuery.ParameterError },
        { Window + "&user=", 400, RdsBadQuery.ParameterError },
        { Window + "&user=" + RdsBadQuery.TenThousand, 400, RdsBadQuery.ParameterError },
        { Window + "&user=a&user=b", 400, RdsBadQuery.ParameterError },
        { Window + "&limit=1&limit=2", 400, RdsBadQuery.ParameterError },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_parameter_is_an_RDS_error_never_a_500(string query, int status, string code) =>
        await RdsFixture.AssertErrorAsync(await GetAsync(query), status, code);

    public static TheoryData<string> OddButValidQueries => new()
    {
        Window + "&keyword=%25+_+%27+%5C",
        Window + "&keyword=" + new string('x', 1000),
        Window + "&keyword=" + string.Join("+", Enumerable.Range(0, 10).Select(i => $"k{i}")),
        Window + "&keyword=%27)%20OR%201%3D1%20--%20%22%20NEAR(a%20b)%20*",
        Window + "&user=" + RdsBadQuery.SqlInjection + "&host=" + RdsBadQuery.DotDot + "&database=" + RdsBadQuery.Unicode,
        Window + "&operation=connect,FAILED_CONNECT,ddl,DML,DCL&return_code=1045&node_id=n1&limit=1000&offset=5",
    };

    [Theory]
    [MemberData(nameof(OddButValidQueries))]
    public async Task Odd_but_valid_parameters_answer_an_empty_page(string query)
    {
        var body = await RdsFixture.OkJsonAsync(await GetAsync(query));
        RdsFixture.AssertNames(body, "total", "records");
        Assert.Equal(0, body.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Without_credentials_in_another_project_or_on_a_Redis_instance_the_answer_is_an_RDS_error()
    {
        await RdsFixture.AssertErrorAsync(await _rds.App.Client.GetAsync(Path(_rds.Instance, Window)), 401, "APIGW.0301");

        var other = await _rds.AddProjectAsync("other");
        var otherInstance = await _rds.App.CreateMysqlInstanceAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Window)).StatusCode);
        await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(otherInstance, Window)), 404, "DBS.200002");
        await RdsFixture.AssertErrorAsync(await _rds.App.SendSignedAsync(HttpMethod.Get, Path(otherInstance, Window), other), 403, "DBS.200010");

        var redis = await _rds.App.CreateRedisInstanceAsync(_rds.Project);
        await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(redis, Window)), 400, "DBS.200040");
        await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, $"/dblogs/v1/{_rds.Project.Id}/instances/x%27y/audit-records?{Window}"),
            400, "DBS.280404");
    }
}
