using System.Net;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Api.Dcs;

public class RedislogLinkTests
{
    [Theory]
    [InlineData("3ea6ce21-048e-447a-83c3-3fb004b88439")]
    [InlineData("x")]
    [InlineData("' OR 1=1 --")]
    [InlineData("é١٢٣")]
    [InlineData("a/b")]
    public async Task Unknown_log_id_is_404_requested_url_does_not_exist(string id)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));

        var response = await scene.PostAsync(scene.Links(id));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(10_000)]
    public async Task Overlong_log_id_is_404_not_500(int length)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.PostAsync(scene.Links(new string('a', length)));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Fact]
    public async Task Log_of_another_instance_is_404_like_an_unknown_one()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var other = await app.CreateRedisInstanceAsync(scene.Project);
        var foreign = await scene.Seed.RunLogAsync(other, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));

        var response = await scene.PostAsync(scene.Links(foreign));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.NotFound, "DCS.4001", DcsAssert.RouteNotFound);
    }

    [Fact]
    public async Task Existing_log_gets_a_200_with_id_backup_id_and_link()
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);
        var id = await scene.Seed.RunLogAsync(scene.Instance, "r00", "group-0", "127.0.0.1", new DateOnly(2026, 3, 9));

        var response = await scene.PostAsync(scene.Links(id));

        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        Assert.Equal(["id", "backup_id", "link"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(id, root.GetProperty("backup_id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("link").GetString()));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_on_links_are_405(string method)
    {
        await using var app = await TestApp.StartAsync(now: DcsScene.Now);
        var scene = await DcsScene.CreateAsync(app);

        var response = await scene.SendAsync(new HttpMethod(method), scene.Links("3ea6ce21-048e-447a-83c3-3fb004b88439"));

        await DcsAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "DCS.5001", DcsAssert.MethodNotAllowed);
    }
}
