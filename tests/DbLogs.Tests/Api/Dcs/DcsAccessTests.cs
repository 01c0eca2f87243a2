using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Dcs;

/// <summary>Credentials, project scoping and instance lookup on each of the four DCS log routes.</summary>
public class DcsAccessTests
{
    private const string UnknownLogId = "3ea6ce21-048e-447a-83c3-3fb004b88439";

    private static readonly string[] RouteNames = ["ListRedislog", "CreateRedislog", "CreateRedislogDownloadLink", "ListSlowlog"];

    public static TheoryData<string> Routes => new(RouteNames);

    public static TheoryData<string, string> RoutesAndCredentials
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var route in RouteNames)
            {
                data.Add(route, "token");
                data.Add(route, "aksk");
            }

            return data;
        }
    }

    /// <summary>A well-formed request to <paramref name="route"/>: method and path with a valid query.</summary>
    /// <param name="logId">The run-log entry of the links route (by default an id no entry has).</param>
    public static (HttpMethod Method, string Path) Request(string route, string projectId, string instanceId, string logId = UnknownLogId) => route switch
    {
        "ListRedislog" => (HttpMethod.Get, DcsPaths.Redislog(projectId, instanceId, "offset=0&limit=10&log_type=run")),
        "CreateRedislog" => (HttpMethod.Post, DcsPaths.Redislog(projectId, instanceId, "query_time=7&log_type=run&replication_id=r00")),
        "CreateRedislogDownloadLink" => (HttpMethod.Post, DcsPaths.Links(projectId, instanceId, logId)),
        "ListSlowlog" => (HttpMethod.Get, DcsPaths.Slowlog(projectId, instanceId,
            "offset=0&limit=10&sort_key=start_time&sort_dir=desc&start_time=1598803200000&end_time=1599494399000")),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    [Theory]
    [MemberData(nameof(RoutesAndCredentials))]
    public async Task Both_credential_kinds_reach_every_route(string route, string credential)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, withToken: credential == "token");
        var seeded = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));
        var (method, path) = Request(route, scene.Project.Id, scene.Instance, seeded);
        var body = method == HttpMethod.Post ? string.Empty : null;

        var response = credential == "token"
            ? await app.SendWithTokenAsync(method, path, scene.Token!, body)
            : await app.SendSignedAsync(method, path, scene.Project, body);

        switch (route)
        {
            case "CreateRedislog":
                await DcsAssert.SuccessAsync(response, HttpStatusCode.NoContent);
                break;
            default:
                await DcsAssert.SuccessAsync(response, HttpStatusCode.OK);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_credentials_is_401_dcs_1003(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, scene.Instance);

        var response = await app.Client.SendAsync(new HttpRequestMessage(method, path));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1003", "No token in the request.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Empty_token_header_counts_as_no_credentials(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, scene.Instance);
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Auth-Token", string.Empty);

        var response = await app.Client.SendAsync(request);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1003", "No token in the request.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Unknown_token_is_401_dcs_1001(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, scene.Instance);

        var response = await app.SendWithTokenAsync(method, path, "dblt_not-a-token-this-service-issued");

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1001", "Invalid token.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Expired_token_is_401_dcs_1002(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, withToken: true);
        var (method, path) = Request(route, scene.Project.Id, scene.Instance);
        app.Clock.Advance(TimeSpan.FromHours(25));

        var response = await app.SendWithTokenAsync(method, path, scene.Token!);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1002", "Token expired.");
    }

    [Fact]
    public async Task Token_is_accepted_until_24_hours_and_refused_from_then_on()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app, withToken: true);
        var (method, path) = Request("ListRedislog", scene.Project.Id, scene.Instance);

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var before = await app.SendWithTokenAsync(method, path, scene.Token!);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await app.SendWithTokenAsync(method, path, scene.Token!);

        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        await DcsAssert.ErrorAsync(at, HttpStatusCode.Unauthorized, "DCS.1002", "Token expired.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Token_of_project_a_on_project_b_path_is_401_dcs_1004(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var a = await DcsScene.CreateAsync(app, projectName: "alpha", withToken: true);
        var b = await DcsScene.CreateAsync(app, projectName: "beta");
        var (method, path) = Request(route, b.Project.Id, b.Instance);

        var response = await app.SendWithTokenAsync(method, path, a.Token!, method == HttpMethod.Post ? string.Empty : null);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1004", "Project ID does not match the token.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Access_key_of_project_a_on_project_b_path_is_401_dcs_1004(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var a = await DcsScene.CreateAsync(app, projectName: "alpha");
        var b = await DcsScene.CreateAsync(app, projectName: "beta");
        var (method, path) = Request(route, b.Project.Id, b.Instance);

        var response = await app.SendSignedAsync(method, path, a.Project, method == HttpMethod.Post ? string.Empty : null);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1004", "Project ID does not match the token.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Wrong_secret_is_401_gateway_code_without_the_secret(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, scene.Instance);

        var response = await app.SendSignedAsync(method, path, scene.Project with { Sk = "SKnot-the-secret" },
            method == HttpMethod.Post ? string.Empty : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Request-Id"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith(
            """{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail""", body);
        Assert.EndsWith("\"error_ext_msg\":null}", body);
        Assert.DoesNotContain(scene.Project.Sk, body);
    }

    [Fact]
    public async Task Unknown_access_key_is_401_ak_not_exist()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request("ListRedislog", scene.Project.Id, scene.Instance);

        var response = await app.SendSignedAsync(method, path, scene.Project with { Ak = "AKUNKNOWN0000000000" });

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "APIGW.0301", "Incorrect IAM authentication information: ak not exist");
    }

    [Fact]
    public async Task Signature_older_than_15_minutes_is_401_signature_expired()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request("ListSlowlog", scene.Project.Id, scene.Instance);

        var response = await app.SendSignedAsync(method, path, scene.Project, tamper: r =>
        {
            r.Headers.Remove("X-Sdk-Date");
            r.Headers.Add("X-Sdk-Date", "20260310T114459Z");
        });

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "APIGW.0301",
            "Incorrect IAM authentication information: signature expired, signature time:20260310T114459Z, server time:20260310T120000Z");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Unknown_instance_is_404_dcs_3022(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, "5c597ce5-9823-48aa-bf4d-2defb9385b4a");

        var response = await scene.SendAsync(method, path);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.3022", DcsAssert.InstanceNotFound);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_projects_instance_is_answered_exactly_like_an_unknown_one(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var mine = await DcsScene.CreateAsync(app, projectName: "alpha");
        var theirs = await DcsScene.CreateAsync(app, projectName: "beta");
        await mine.Seed.RunLogAsync(theirs.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));
        var (method, path) = Request(route, mine.Project.Id, theirs.Instance);
        var (_, unknownPath) = Request(route, mine.Project.Id, "5c597ce5-9823-48aa-bf4d-2defb9385b4a");

        var foreign = await mine.SendAsync(method, path);
        var unknown = await mine.SendAsync(method, unknownPath);

        var foreignBody = await DcsAssert.ErrorAsync(foreign, HttpStatusCode.NotFound, "DCS.3022", DcsAssert.InstanceNotFound);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), foreignBody);
        Assert.Equal(unknown.StatusCode, foreign.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Mysql_instance_addressed_through_dcs_is_404_dcs_3022(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var mysql = await app.CreateMysqlInstanceAsync(scene.Project);
        var (method, path) = Request(route, scene.Project.Id, mysql);

        var response = await scene.SendAsync(method, path);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.3022", DcsAssert.InstanceNotFound);
    }

    /// <summary>Every malformed shape on ListRedislog, and a few of them on the other routes.</summary>
    public static TheoryData<string, string> RoutesAndMalformedInstanceIds
    {
        get
        {
            string[] ids =
            [
                "not-a-uuid", "12345", "5c597ce5982348aabf4d2defb9385b4a", "5c597ce5-9823-48aa-bf4d-2defb9385b4", "5c597ce5-9823-48aa-bf4d-2defb9385b4aa",
                "{5c597ce5-9823-48aa-bf4d-2defb9385b4a}", "5c597ce5-9823-48aa-bf4d-2defb9385b4g", "' OR 1=1", "é", "١٢٣", "../x",
                "5c597ce5982348aabf4d2defb9385b4ain0x", new string('a', 10_000),
            ];
            var data = new TheoryData<string, string>();
            foreach (var id in ids)
            {
                data.Add("ListRedislog", id);
            }

            foreach (var route in RouteNames.Skip(1))
            {
                foreach (var id in new[] { ids[0], ids[4], ids[7], ids[^1] })
                {
                    data.Add(route, id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RoutesAndMalformedInstanceIds))]
    public async Task Malformed_instance_id_is_400_dcs_4061(string route, string instanceId)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, Uri.EscapeDataString(instanceId));

        var response = await scene.SendAsync(method, path);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DCS.4061", DcsAssert.InvalidInstanceId);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Credentials_are_checked_before_the_instance(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, "not-a-uuid");

        var response = await app.Client.SendAsync(new HttpRequestMessage(method, path));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1003", "No token in the request.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Instance_is_checked_before_the_query(string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request(route, scene.Project.Id, "5c597ce5-9823-48aa-bf4d-2defb9385b4a");

        var response = await scene.SendAsync(method, path.Contains('?', StringComparison.Ordinal) ? path + "&offset=-1&log_type=x" : path);

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.3022", DcsAssert.InstanceNotFound);
    }

    [Theory]
    [InlineData("GET", "/v2")]
    [InlineData("GET", "/v2/{p}")]
    [InlineData("GET", "/v2/{p}/instances")]
    [InlineData("GET", "/v2/{p}/instances/{i}")]
    [InlineData("GET", "/v2/{p}/instances/{i}/nope")]
    [InlineData("GET", "/v2/{p}/instances/{i}/redislogs?log_type=run")]
    [InlineData("GET", "/v2/{p}/instances/{i}/redislog/3ea6ce21-048e-447a-83c3-3fb004b88439")]
    [InlineData("POST", "/v2/{p}/instances/{i}/redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/link")]
    [InlineData("POST", "/v2/{p}/instances/{i}/redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/links/x")]
    [InlineData("GET", "/v2/{p}/instances/{i}/slowlog/x")]
    [InlineData("GET", "/v2/{p}/slowlog")]
    [InlineData("GET", "/v2/{p}/instances/{i}/../../redislog")]
    public async Task Unknown_route_under_v2_is_404_dcs_4001(string method, string template)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var path = template.Replace("{p}", scene.Project.Id, StringComparison.Ordinal).Replace("{i}", scene.Instance, StringComparison.Ordinal);

        var signed = await scene.SendAsync(new HttpMethod(method), path);
        var anonymous = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await DcsAssert.ErrorAsync(signed, HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
        await DcsAssert.ErrorAsync(anonymous, HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Theory]
    [InlineData("DELETE", "redislog?log_type=run")]
    [InlineData("PUT", "redislog?log_type=run")]
    [InlineData("PATCH", "redislog?log_type=run")]
    [InlineData("POST", "slowlog")]
    [InlineData("PUT", "slowlog")]
    [InlineData("DELETE", "slowlog")]
    [InlineData("GET", "redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/links")]
    [InlineData("DELETE", "redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/links")]
    public async Task Wrong_method_is_405_dcs_5001(string method, string route)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var path = $"/v2/{scene.Project.Id}/instances/{scene.Instance}/{route}";

        var signed = await scene.SendAsync(new HttpMethod(method), path);
        var anonymous = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await DcsAssert.ErrorAsync(signed, HttpStatusCode.MethodNotAllowed, "DCS.5001", DcsAssert.MethodNotAllowed);
        await DcsAssert.ErrorAsync(anonymous, HttpStatusCode.MethodNotAllowed, "DCS.5001", DcsAssert.MethodNotAllowed);
    }

    [Fact]
    public async Task Project_id_in_uuid_form_is_not_rejected_for_its_shape()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var (method, path) = Request("ListRedislog", "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71", scene.Instance);

        var response = await scene.SendAsync(method, path);

        // The credential's project is another one: a mismatch, not a malformed id.
        await DcsAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "DCS.1004", "Project ID does not match the token.");
    }
}
