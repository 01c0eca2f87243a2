using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

public class AdminKeyFormTests
{
    [Fact]
    public async Task The_admin_key_is_accepted_only_exactly_in_x_admin_key()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await Send(app, r => r.Headers.Add("X-Admin-Key", app.AdminKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(app, r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + app.AdminKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(app, r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + app.AdminKey + " "))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(app, r => r.Headers.TryAddWithoutValidation("X-Admin-Key", app.AdminKey + " x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(app, r => r.Headers.TryAddWithoutValidation("X-Admin-Key", "Bearer " + app.AdminKey))).StatusCode);
    }

    private static Task<HttpResponseMessage> Send(TestApp app, Action<HttpRequestMessage> credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/projects");
        credential(request);
        return app.Client.SendAsync(request);
    }
}
