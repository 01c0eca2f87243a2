using System.Globalization;
using System.Text.Json;
using DbLogs.Collection.Redis;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary><c>dblogs serve</c> with a bootstrap naming a local password-protected Redis node: its poller runs on a timer.</summary>
public class EmbeddedSlowlogTests : OnEachStore
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-slowlog-").FullName;

    public override Task DisposeAsync()
    {
        ServerTools.DeleteDirectory(_dir);
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Serve_polls_a_bootstrapped_node_and_the_signed_api_lists_its_slow_commands()
    {
        await using var redis = await RedisServer.StartAsync(SlowlogScene.RedisArgs);
        const string Password = "bootstrapped-secret";
        Assert.Equal("+OK", await redis.CommandAsync("CONFIG", "SET", "requirepass", Password));
        var project = new TestProject(Guid.NewGuid().ToString("N"), "slow-demo", "SLOWAK" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            "SLOWSK" + Guid.NewGuid().ToString("N"), "alice");
        var instance = Guid.NewGuid().ToString("D");
        var bootstrap = Path.Combine(_dir, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, JsonSerializer.Serialize(new
        {
            projects = new[]
            {
                new
                {
                    id = project.Id, name = project.Name, access_keys = new[] { new { ak = project.Ak, sk = project.Sk } },
                    instances = new[]
                    {
                        new
                        {
                            id = instance, name = "cache-slow", engine = "redis",
                            shards = new[]
                            {
                                new
                                {
                                    name = "group-7",
                                    replicas = new[] { new { id = "r1", ip = "127.0.0.1", port = redis.Port, role = "master", password = Password, logs = new { run = redis.LogFile } } },
                                },
                            },
                        },
                    },
                },
            },
        }));
        await using var app = await TestApp.StartAsync(["--bootstrap", bootstrap, "--SlowlogInterval=00:00:00.1", .. Store.Args], now: DateTimeOffset.UtcNow);
        try
        {
            await SlowlogScene.SlowCommandsAsync(redis, 3, Password, clientName: "reports");

            var items = await SlowlogScene.EventuallyAsync(() => SlowlogScene.ListAsync(app, project, instance), i => i.Count >= 3);

            Assert.Equal(3, items.Count);
            Assert.All(items, i =>
            {
                Assert.Equal("DEBUG SLEEP 0.02", i.GetProperty("command").GetString());
                Assert.Equal(("group-7", "master", "reports"),
                    (i.GetProperty("shard_name").GetString(), i.GetProperty("node_role").GetString(), i.GetProperty("username").GetString()));
                Assert.True(long.Parse(i.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture) >= 20_000);
            });
        }
        finally
        {
            await using var client = await RedisClient.ConnectAsync(new RedisEndpoint("127.0.0.1", redis.Port, null, Password), TimeSpan.FromSeconds(5), default);
            await client.ExecuteAsync("CONFIG", "SET", "requirepass", ""); // so that the fixture's SHUTDOWN works
        }
    }
}

public sealed class EmbeddedSlowlogOnPostgresTests : EmbeddedSlowlogTests
{
    protected override bool OnPostgres => true;
}
