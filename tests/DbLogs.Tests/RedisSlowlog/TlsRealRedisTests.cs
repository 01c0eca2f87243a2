using DbLogs.Collection.Redis;
using DbLogs.Tests.RealServers;
using StackExchange.Redis;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary>A redis-server that speaks only TLS (<c>--port 0 --tls-port</c>, a certificate made for the test) polled by the SLOWLOG poller.</summary>
public sealed class TlsRealRedisTests
{
    [Fact]
    public async Task A_tls_only_node_with_a_password_and_a_least_privilege_acl_user_is_polled_over_tls()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartWithTlsAsync(SlowlogScene.RedisArgs), password: "tls pass");
        // What the poller needs and no more: no keys, no writes.
        Assert.Equal("+OK", await scene.Redis.CommandAsync("ACL", "SETUSER", "poller", "on", ">poller-pw", "-@all", "+info", "+slowlog", "+ping",
            "+client|setname", "+client|id", "+echo"));
        Assert.Equal("+OK", await scene.Redis.CommandAsync("CONFIG", "SET", "requirepass", "tls pass"));
        await SlowlogScene.SlowCommandsAsync(scene.Redis, 2, "tls pass", clientName: "billing");

        Assert.True(await scene.Poller().PollOnceAsync(default));
        await SlowlogScene.SlowCommandsAsync(scene.Redis, 1, "tls pass");
        var acl = scene.Poller(user: "poller", password: "poller-pw", cursor: new SlowlogCursor(await RunIdAsync(scene), 1));
        Assert.True(await acl.PollOnceAsync(default));

        var items = await scene.ListAsync();
        Assert.Equal([0L, 1L, 2L], items.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(["billing", "billing", "default"], items.Select(i => i.GetProperty("username").GetString()));
        Assert.Equal(new SlowlogCursor(acl.Cursor!.RunId, 2), acl.Cursor);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_ca_or_for_another_name_is_refused()
    {
        await using var redis = await RedisServer.StartWithTlsAsync();
        var trusted = SlowlogScene.Endpoint(redis);

        await using (var client = await RedisClient.ConnectAsync(trusted, TimeSpan.FromSeconds(5), default))
        {
            Assert.Equal("PONG", (await client.ExecuteAsync("PING")).ToString());
        }

        foreach (var tls in new[] { new RedisTls(null, null), new RedisTls(redis.Tls!.CaFile, "db.example.com") })
        {
            await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(trusted with { Tls = tls }, TimeSpan.FromSeconds(5), default));
        }

        // Plain RESP gets no answer from a TLS port.
        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(trusted with { Tls = null }, TimeSpan.FromSeconds(2), default));
    }

    private static async Task<string> RunIdAsync(SlowlogScene scene)
    {
        var session = await scene.Redis.SessionAsync(["AUTH", "tls pass"], ["INFO", "server"]);
        return RedisInfo.Field(session[1], "run_id")!;
    }
}
