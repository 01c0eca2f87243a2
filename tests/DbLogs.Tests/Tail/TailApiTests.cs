using DbLogs.Tests.Api.Rds;

namespace DbLogs.Tests.Tail;

/// <summary>The live tail route's checks before it streams: every parameter's bad values, authentication and project isolation.</summary>
public sealed class TailApiTests : IAsyncLifetime
{
    private RdsFixture _rds = null!;

    public async Task InitializeAsync() => _rds = await RdsFixture.StartAsync();

    public async Task DisposeAsync() => await _rds.DisposeAsync();

    private string Path(string instance, string query) => $"/dblogs/v1/{_rds.Project.Id}/instances/{instance}/tail?{query}";

    public static TheoryData<string> BadQueries => new()
    {
        "",
        "node_id=n1",
        "node_id=n1&kind=mariadb",
        "node_id=n1&kind=redis-slowlog",
        "node_id=n1&kind=redis-run",
        "kind=mariadb-audit",
        "node_id=&kind=mariadb-audit",
        "node_id=n2&kind=mariadb-audit",
        "node_id=" + RdsBadQuery.SqlInjection + "&kind=mariadb-audit",
        "node_id=n1&kind=mariadb-audit&kind=mariadb-slow",
        "node_id=n1&kind=mariadb-audit&since=ten",
        "node_id=n1&kind=mariadb-error", // a node of the instance, but nothing collected from it yet
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_parameter_is_a_400_in_the_RDS_format(string query) =>
        await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(_rds.Instance, query)), 400, RdsBadQuery.ParameterError);

    [Theory]
    [InlineData("node_id=n1&kind=mariadb-audit&since=-1")]
    [InlineData("node_id=n1&kind=mariadb-audit&since=1001")]
    [InlineData("node_id=n1&kind=mariadb-audit&since=99999999999999999999")]
    public async Task A_since_out_of_range_is_a_400_in_the_RDS_format(string query) =>
        await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(_rds.Instance, query)), 400, RdsBadQuery.OutOfRange);

    [Fact]
    public async Task Without_credentials_or_in_another_project_the_answer_is_an_RDS_error_as_for_an_absent_instance()
    {
        const string Query = "node_id=n1&kind=mariadb-audit";
        await RdsFixture.AssertErrorAsync(await _rds.App.Client.GetAsync(Path(_rds.Instance, Query)), 401, "APIGW.0301");

        var other = await _rds.AddProjectAsync("other");
        var otherInstance = await _rds.App.CreateMysqlInstanceAsync(other);
        var absentId = Guid.NewGuid().ToString("N") + "in01";
        var absent = await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(absentId, Query)), 404, "DBS.200002");
        Assert.Equal(absent.Replace(absentId, otherInstance, StringComparison.Ordinal), await RdsFixture.AssertErrorAsync(await _rds.SendPathAsync(HttpMethod.Get, Path(otherInstance, Query)), 404, "DBS.200002"));
    }
}
