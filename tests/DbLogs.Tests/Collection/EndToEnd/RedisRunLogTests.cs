using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>A real redis-server's run log, rotated the way Debian's logrotate does, collected byte for byte by serve.</summary>
public class RedisRunLogTests : OnEachStore
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-real-redis-").FullName;

    public override Task DisposeAsync()
    {
        ServerTools.DeleteDirectory(_dir);
        return base.DisposeAsync();
    }

    [Fact]
    public async Task Run_log_lines_around_a_rename_rotation_are_stored_exactly_once_in_order()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var service = await CollectingService.StartAsync(RedisBootstrap.Write(_dir, redis), Store);
        var app = service.App;

        Assert.Equal("+OK", await redis.CommandAsync("CONFIG", "SET", "loglevel", "verbose"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("+PONG", await redis.CommandAsync("PING")); // a connection each
        }

        Assert.Equal("+OK", await redis.CommandAsync("SET", "greeting", "Grüße"));
        await redis.BackgroundSaveAsync(); // the child writes C lines

        // logrotate without copytruncate: a rename, no signal; Redis opens the path again for its next line.
        var rotated = redis.LogFile + ".1";
        File.Move(redis.LogFile, rotated);
        await redis.BackgroundSaveAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("+PONG", await redis.CommandAsync("PING"));
        }

        await redis.BackgroundSaveAsync();
        Assert.True(File.Exists(redis.LogFile), "Redis did not create a new log file after the rename");

        var stored = Encoding.UTF8.GetString(
            await Collected.AssertEventuallyEqualAsync(app, LogKind.RedisRun, () => Collected.Concatenate([rotated, redis.LogFile])));
        Assert.Contains("Ready to accept connections", stored, StringComparison.Ordinal);
        Assert.Contains(":C ", stored, StringComparison.Ordinal);
        Assert.Contains("Background saving terminated with success", stored, StringComparison.Ordinal);
        Assert.Contains("Background saving started", File.ReadAllText(redis.LogFile), StringComparison.Ordinal);
        Assert.Equal(2, (await Collected.FilesAsync(app, LogKind.RedisRun)).Count);
        await Collected.AssertNoGapsAsync(app, LogKind.RedisRun);
    }
}

public sealed class RedisRunLogOnPostgresTests : RedisRunLogTests
{
    protected override bool OnPostgres => true;
}
