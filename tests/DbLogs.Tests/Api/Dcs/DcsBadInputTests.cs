using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Dcs;

// One class per route so xunit runs the three tables in parallel.

public class ListRedislogBadInputTests
{
    public static TheoryData<string, string, string, int, string?> Rows => DcsBadInput.Rows("ListRedislog");

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Each_parameter_value_gets_its_exact_answer(string route, string parameter, string value, int status, string? code) =>
        DcsBadInputRunner.RunAsync(route, parameter, value, status, code);
}

public class CreateRedislogBadInputTests
{
    public static TheoryData<string, string, string, int, string?> Rows => DcsBadInput.Rows("CreateRedislog");

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Each_parameter_value_gets_its_exact_answer(string route, string parameter, string value, int status, string? code) =>
        DcsBadInputRunner.RunAsync(route, parameter, value, status, code);
}

public class ListSlowlogBadInputTests
{
    public static TheoryData<string, string, string, int, string?> Rows => DcsBadInput.Rows("ListSlowlog");

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Each_parameter_value_gets_its_exact_answer(string route, string parameter, string value, int status, string? code) =>
        DcsBadInputRunner.RunAsync(route, parameter, value, status, code);
}

public static class DcsBadInputRunner
{
    /// <summary>Sends the row's request signed with AK/SK, which also checks that the signature survives the odd values.</summary>
    public static async Task RunAsync(string route, string parameter, string value, int status, string? code)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var query = DcsBadInput.BuildQuery(route, parameter, value);
        var path = route == "ListSlowlog" ? scene.Slowlog(query) : scene.Redislog(query);

        var response = await scene.SendAsync(route == "CreateRedislog" ? HttpMethod.Post : HttpMethod.Get, path);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        if (code is null)
        {
            await DcsAssert.SuccessAsync(response, (HttpStatusCode)status);
        }
        else
        {
            await DcsAssert.ErrorAsync(response, (HttpStatusCode)status, code, DcsBadInput.Message(parameter, code));
        }
    }
}
