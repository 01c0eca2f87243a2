using System.Globalization;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Process;

/// <summary>One <c>dblogs serve</c> process with the process bootstrap, shared by the SDK compatibility tests.</summary>
public class SdkServiceFixture : IAsyncLifetime
{
    private ServeProcess? _service;
    private ServiceStore _store = ServiceStore.Sqlite;

    protected virtual bool OnPostgres => false;

    public ServeProcess Service => _service ?? throw new InvalidOperationException("The service did not start.");

    public NodeSdk Sdk => new(Service.BaseUrl, ProcessBootstrap.Ak, ProcessBootstrap.Sk, ProcessBootstrap.ProjectId);

    public async Task InitializeAsync()
    {
        NodeSdk.EnsureInstalled();
        _store = await ServiceStore.StartAsync(OnPostgres);
        _service = await ServeProcess.StartAsync(new ServeOptions
        {
            BootstrapJson = ProcessBootstrap.Json(),
            Environment = _store.Postgres is { } postgres ? new Dictionary<string, string> { ["DBLOGS_CONNECTIONSTRINGS__POSTGRES"] = postgres } : [],
        });
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await _store.DisposeAsync();
    }
}

/// <summary>The same service with its metadata in PostgreSQL, named by the environment as an operator would.</summary>
public sealed class PostgresSdkServiceFixture : SdkServiceFixture
{
    protected override bool OnPostgres => true;
}

/// <summary>
/// The official Huawei Cloud SDK core for Node.js, pointed at a real <c>dblogs serve</c>, must just work: it signs
/// <c>content-type</c> when it sends one, puts the port in <c>Host</c> and percent-encodes <c>+</c> as <c>%2B</c>.
/// </summary>
public class NodeSdkCompatibilityTests(SdkServiceFixture fixture) : IClassFixture<SdkServiceFixture>
{
    private const string RedisPath = "/v2/{project_id}/instances/{instance_id}";
    private const string RdsPath = "/v3/{project_id}/instances/{instance_id}";

    private static readonly Dictionary<string, string> Redis = new() { ["instance_id"] = ProcessBootstrap.RedisInstanceId };
    private static readonly Dictionary<string, string> Mysql = new() { ["instance_id"] = ProcessBootstrap.MysqlInstanceId };

    private static SdkRequest ListRedislog => new("GET", RedisPath + "/redislog")
    {
        PathParams = Redis,
        QueryParams = new Dictionary<string, object> { ["offset"] = 0, ["limit"] = 10, ["log_type"] = "run" },
    };

    private static void AssertHasRequestId(SdkResult result) =>
        Assert.True(result.Headers.TryGetValue("x-request-id", out var id) && id.Length > 0, $"no X-Request-Id on {result}");

    private static void AssertRefused(SdkResult result, string messagePart)
    {
        Assert.Equal(401, result.Status);
        Assert.Equal("APIGW.0301", result.Json.GetProperty("error_code").GetString());
        Assert.Contains(messagePart, result.Json.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ProcessBootstrap.Sk, result.Body, StringComparison.Ordinal);
        AssertHasRequestId(result);
    }

    [Fact]
    public async Task ListRedislog_signed_by_the_sdk_answers_204()
    {
        var result = await fixture.Sdk.SendAsync(ListRedislog);

        Assert.Equal(204, result.Status);
        Assert.Equal(string.Empty, result.Body);
        AssertHasRequestId(result);
        Assert.Equal(new Uri(fixture.Service.BaseUrl).Authority, result.SentHeader("host"));
    }

    [Fact]
    public async Task ListSlowlog_with_a_time_range_answers_200_with_total_num()
    {
        var result = await fixture.Sdk.SendAsync(new SdkRequest("GET", RedisPath + "/slowlog")
        {
            PathParams = Redis,
            QueryParams = new Dictionary<string, object>
            {
                ["offset"] = 0,
                ["limit"] = 10,
                ["sort_key"] = "start_time",
                ["sort_dir"] = "desc",
                ["start_time"] = "1598803200000",
                ["end_time"] = "1599494399000",
            },
        });

        Assert.Equal(200, result.Status);
        Assert.Equal(0, result.Json.GetProperty("total_num").GetInt32());
        Assert.Equal(0, result.Json.GetProperty("slowlogs").GetArrayLength());
        AssertHasRequestId(result);
    }

    [Fact]
    public async Task CreateRedislog_with_query_parameters_answers_204()
    {
        var result = await fixture.Sdk.SendAsync(new SdkRequest("POST", RedisPath + "/redislog")
        {
            PathParams = Redis,
            QueryParams = new Dictionary<string, object> { ["query_time"] = 7, ["log_type"] = "run", ["replication_id"] = ProcessBootstrap.ReplicaId },
            ContentType = "application/json",
        });

        Assert.Equal(204, result.Status);
        AssertHasRequestId(result);
        Assert.Contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date,", result.SentHeader("authorization"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The SDK percent-encodes <c>+</c> as <c>%2B</c>. A raw <c>+</c> on the wire means a space: the SDK signs a space as
    /// <c>%20</c> and, told to send it as <c>+</c> (as the .NET SDK does), its signature must still hold.
    /// </summary>
    [Theory]
    [InlineData("+0800", false, "start_time=2019-11-06T09%3A00%3A00%2B0800")]
    [InlineData(" 0800", true, "start_time=2019-11-06T09%3A00%3A00+0800")]
    public async Task Rds_ListAuditlogs_with_an_encoded_plus_or_a_raw_plus_for_a_space_answers_200(string offset, bool spaceAsPlus, string sent)
    {
        var result = await fixture.Sdk.SendAsync(new SdkRequest("GET", RdsPath + "/auditlog")
        {
            PathParams = Mysql,
            QueryParams = new Dictionary<string, object>
            {
                ["start_time"] = "2019-11-06T09:00:00" + offset,
                ["end_time"] = "2019-11-06T10:00:00" + offset,
                ["offset"] = 0,
                ["limit"] = 10,
            },
            ContentType = "application/json",
            Tamper = spaceAsPlus ? new SdkTamper(SpaceAsPlus: true) : null,
        });

        Assert.Contains(sent, result.Sent.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, result.Status);
        Assert.Equal(0, result.Json.GetProperty("auditlogs").GetArrayLength());
        Assert.Equal(0, result.Json.GetProperty("total_record").GetInt32());
        AssertHasRequestId(result);
    }

    [Fact]
    public async Task Rds_SetAuditlogPolicy_with_a_json_body_answers_200()
    {
        var result = await fixture.Sdk.SendAsync(new SdkRequest("PUT", RdsPath + "/auditlog-policy")
        {
            PathParams = Mysql,
            ContentType = "application/json;charset=UTF-8",
            Body = new Dictionary<string, object> { ["keep_days"] = 7, ["reserve_auditlogs"] = true, ["audit_types"] = new[] { "SELECT" } },
        });

        Assert.Equal(200, result.Status);
        Assert.Equal("COMPLETED", result.Json.GetProperty("status").GetString());
        var policy = await fixture.Sdk.SendAsync(new SdkRequest("GET", RdsPath + "/auditlog-policy") { PathParams = Mysql });
        Assert.Equal(200, policy.Status);
        Assert.Equal(7, policy.Json.GetProperty("keep_days").GetInt32());
    }

    [Fact]
    public async Task Wrong_secret_is_refused()
    {
        var result = await (fixture.Sdk with { Sk = "not-the-secret" }).SendAsync(ListRedislog);

        AssertRefused(result, "verify aksk signature fail");
    }

    [Fact]
    public async Task Query_changed_after_signing_is_refused()
    {
        var result = await fixture.Sdk.SendAsync(ListRedislog with { Tamper = new SdkTamper(QueryParams: new Dictionary<string, string> { ["limit"] = "11" }) });

        Assert.EndsWith("limit=11&log_type=run", result.Sent.GetProperty("url").GetString(), StringComparison.Ordinal);
        AssertRefused(result, "verify aksk signature fail");
    }

    [Fact]
    public async Task Signature_dated_16_minutes_ago_is_refused()
    {
        var result = await fixture.Sdk.SendAsync(ListRedislog with { SdkDateOverride = DateTimeOffset.UtcNow.AddMinutes(-16) });

        var sentDate = DateTimeOffset.ParseExact(result.SentHeader("x-sdk-date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        Assert.InRange(DateTimeOffset.UtcNow - sentDate, TimeSpan.FromMinutes(15.5), TimeSpan.FromMinutes(17));
        AssertRefused(result, "signature expired");
    }

    [Fact]
    public async Task Unknown_access_key_is_refused()
    {
        var result = await (fixture.Sdk with { Ak = "NOSUCHACCESSKEY00001" }).SendAsync(ListRedislog);

        AssertRefused(result, "ak not exist");
    }
}

public sealed class NodeSdkCompatibilityOnPostgresTests(PostgresSdkServiceFixture fixture)
    : NodeSdkCompatibilityTests(fixture), IClassFixture<PostgresSdkServiceFixture>;
