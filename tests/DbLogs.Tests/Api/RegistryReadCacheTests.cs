using System.Net;
using Dapper;
using DbLogs.Server.Auth;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api;

/// <summary>
/// Token checks and instance lookups are remembered for a short TTL; the admin API's changes bypass it, and anything
/// that changes the registry behind the server's back is seen after the TTL at the latest.
/// </summary>
public class RegistryReadCacheTests
{
    [Fact]
    public async Task A_token_revoked_behind_the_servers_back_is_refused_once_its_cache_entry_expires()
    {
        var (app, redis, token, path) = await StartListedAsync();
        await using var _ = app;

        await using (var c = await app.Services.GetRequiredService<SqliteDatabase>().OpenAsync())
        {
            Assert.Equal(1, await c.ExecuteAsync("DELETE FROM tokens"));
        }

        app.Clock.Advance(RegistryReadCache.TokenTtl - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendWithTokenAsync(HttpMethod.Get, path, token)).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var refused = await app.SendWithTokenAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("DCS.1001", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_instance_deleted_behind_the_servers_back_is_not_found_once_its_cache_entry_expires()
    {
        var (app, redis, token, path) = await StartListedAsync();
        await using var _ = app;

        Assert.True(await app.Services.GetRequiredService<IRegistryStore>().DeleteInstanceAsync(redis));
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendWithTokenAsync(HttpMethod.Get, path, token)).StatusCode);

        app.Clock.Advance(RegistryReadCache.InstanceTtl);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendWithTokenAsync(HttpMethod.Get, path, token)).StatusCode);
    }

    [Fact]
    public async Task An_instance_deleted_through_the_admin_api_is_not_found_at_once()
    {
        var (app, redis, token, path) = await StartListedAsync();
        await using var _ = app;

        Assert.Equal(HttpStatusCode.NoContent, (await app.AdminAsync(HttpMethod.Delete, $"/admin/v1/instances/{redis}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await app.SendWithTokenAsync(HttpMethod.Get, path, token)).StatusCode);
    }

    /// <summary>A running app whose token and Redis instance have just been used once, so both are in the cache.</summary>
    private static async Task<(TestApp App, string Redis, string Token, string Path)> StartListedAsync()
    {
        var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var redis = await app.CreateRedisInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);
        var path = $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run";
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendWithTokenAsync(HttpMethod.Get, path, token)).StatusCode);
        return (app, redis, token, path);
    }
}
