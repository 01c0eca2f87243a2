using DbLogs.Collection.Redis;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary>A real redis-server's SLOWLOG polled step by step (no timer) into the service, then read through the signed API.</summary>
public sealed class PollingRealRedisTests
{
    private static string[] Commands(IEnumerable<System.Text.Json.JsonElement> items) => [.. items.Select(i => i.GetProperty("command").GetString()!)];

    [Fact]
    public async Task Slow_commands_are_listed_with_their_fields_and_a_second_poll_adds_nothing()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await scene.SlowCommandsAsync(2, clientName: "billing");
        await scene.SlowCommandsAsync(1);
        var poller = scene.Poller();

        Assert.True(await poller.PollOnceAsync(default));
        Assert.False(await poller.PollOnceAsync(default));

        var items = await scene.ListAsync();
        Assert.Equal(["DEBUG SLEEP 0.02", "DEBUG SLEEP 0.02", "DEBUG SLEEP 0.02"], Commands(items));
        Assert.Equal([0L, 1L, 2L], items.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(["billing", "billing", "default"], items.Select(i => i.GetProperty("username").GetString()));
        foreach (var item in items)
        {
            Assert.InRange(long.Parse(item.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 20_000, 2_000_000);
            Assert.Equal("group-0", item.GetProperty("shard_name").GetString());
            Assert.Equal("master", item.GetProperty("node_role").GetString());
            Assert.Equal(0, item.GetProperty("database_id").GetInt32());
            Assert.StartsWith("127.0.0.1:", item.GetProperty("client_ip").GetString(), StringComparison.Ordinal);
            var start = DateTimeOffset.Parse(item.GetProperty("start_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
            Assert.InRange(start, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        Assert.Equal(new SlowlogCursor(poller.Cursor!.RunId, 2), poller.Cursor);
        Assert.Empty(await scene.GapsAsync());
        Assert.NotNull((await scene.SourceAsync())!.LastBatchAt);
    }

    [Fact]
    public async Task With_a_threshold_of_zero_the_pollers_own_commands_are_not_listed()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(["--slowlog-log-slower-than", "0", "--enable-debug-command", "yes"]));
        var poller = scene.Poller();
        await poller.PollOnceAsync(default);
        await scene.SlowCommandsAsync(1, clientName: "billing");
        await poller.PollOnceAsync(default);
        await poller.PollOnceAsync(default);

        await using var reader = await RedisClient.ConnectAsync(new RedisEndpoint("127.0.0.1", scene.Redis.Port, null, null), TimeSpan.FromSeconds(5), default);
        var logged = SlowlogReply.Parse(await reader.ExecuteAsync("SLOWLOG", "GET", "100"));
        var items = await scene.ListAsync();

        Assert.Contains(logged, e => e.ClientName == SlowlogPoller.ClientName && e.Args[0] == "INFO"); // the server did log the poller's commands
        Assert.Contains(items, i => i.GetProperty("command").GetString() == "DEBUG SLEEP 0.02");
        Assert.DoesNotContain(items, i => i.GetProperty("username").GetString() == SlowlogPoller.ClientName);
        Assert.DoesNotContain(items, i => i.GetProperty("command").GetString()!.StartsWith("INFO", StringComparison.Ordinal)
            || i.GetProperty("command").GetString()!.StartsWith("SLOWLOG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_after_a_reset_continue_the_ids_and_one_reset_away_unpolled_is_counted_missed()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs));
        var poller = scene.Poller();
        await scene.SlowCommandsAsync(2);
        await poller.PollOnceAsync(default);

        Assert.Equal("+OK", await scene.Redis.CommandAsync("SLOWLOG", "RESET"));
        await scene.SlowCommandsAsync(2);
        await poller.PollOnceAsync(default);
        await scene.SlowCommandsAsync(1); // id 4, reset away before any poll saw it
        Assert.Equal("+OK", await scene.Redis.CommandAsync("SLOWLOG", "RESET"));
        await scene.SlowCommandsAsync(1);
        await poller.PollOnceAsync(default);

        Assert.Equal([0L, 1L, 2L, 3L, 5L], (await scene.ListAsync()).Select(i => i.GetProperty("id").GetInt64()));
        var gap = Assert.Single(await scene.GapsAsync());
        Assert.Equal(1, gap.Bytes);
        Assert.Equal(SlowlogPlanner.WrappedReason, gap.Reason);
    }

    [Fact]
    public async Task A_restarted_server_has_a_new_run_id_and_its_ids_from_zero_are_stored_beside_the_old_ones()
    {
        var redis = await RedisServer.StartAsync(SlowlogScene.RedisArgs);
        await using var scene = await SlowlogScene.StartAsync(redis);
        var poller = scene.Poller();
        await scene.SlowCommandsAsync(2);
        await poller.PollOnceAsync(default);
        var firstRun = poller.Cursor!.RunId;

        var port = scene.Redis.Port;
        await scene.Redis.DisposeAsync();
        scene.Redis = await RedisServer.StartAsync([.. SlowlogScene.RedisArgs, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        // The kept connection died with the old process: the poll fails, or works once the library has reconnected.
        var afterRestart = await Record.ExceptionAsync(() => poller.PollOnceAsync(default));
        Assert.True(afterRestart is null or StackExchange.Redis.RedisConnectionException, afterRestart?.ToString());
        await scene.SlowCommandsAsync(3);
        Assert.True(await poller.PollOnceAsync(default));

        Assert.NotEqual(firstRun, poller.Cursor!.RunId);
        Assert.Equal(new SlowlogCursor(poller.Cursor.RunId, 2), poller.Cursor);
        Assert.Equal([0L, 0L, 1L, 1L, 2L], (await scene.ListAsync()).Select(i => i.GetProperty("id").GetInt64()).Order());
        Assert.Empty(await scene.GapsAsync());
    }

    [Fact]
    public async Task A_wrapped_ring_buffer_reports_how_many_entries_were_missed()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync([.. SlowlogScene.RedisArgs, "--slowlog-max-len", "3"]));
        var poller = scene.Poller();
        await scene.SlowCommandsAsync(1);
        await poller.PollOnceAsync(default);

        await scene.SlowCommandsAsync(5); // ids 1…5; the server keeps 3…5
        await poller.PollOnceAsync(default);

        Assert.Equal([0L, 3L, 4L, 5L], (await scene.ListAsync()).Select(i => i.GetProperty("id").GetInt64()));
        var gap = Assert.Single(await scene.GapsAsync());
        Assert.Equal(2, gap.Bytes);
        Assert.Contains("before id 3", gap.FilePath, StringComparison.Ordinal);

        var sources = await scene.App.AdminAsync(HttpMethod.Get, $"/admin/v1/sources?instance_id={scene.Instance}");
        var text = await sources.Content.ReadAsStringAsync();
        Assert.Contains("\"kind\":\"redis-slowlog\"", text, StringComparison.Ordinal);
        Assert.Contains("slowlog-max-len", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_smaller_than_the_new_entries_is_not_mistaken_for_a_wrap()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs));
        var poller = scene.Poller(settings: SlowlogScene.FastPolling with { Count = 2 });
        await scene.SlowCommandsAsync(1);
        await poller.PollOnceAsync(default);

        await scene.SlowCommandsAsync(4);
        await poller.PollOnceAsync(default);

        Assert.Equal([0L, 1L, 2L, 3L, 4L], (await scene.ListAsync()).Select(i => i.GetProperty("id").GetInt64()));
        Assert.Empty(await scene.GapsAsync());
    }

    [Fact]
    public async Task A_password_protected_node_is_polled_with_its_password_and_an_acl_user_with_both()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs), password: "s3cret pass");
        Assert.Equal("+OK", await scene.Redis.CommandAsync("ACL", "SETUSER", "poller", "on", ">poller-pw", "+@all", "~*"));
        Assert.Equal("+OK", await scene.Redis.CommandAsync("CONFIG", "SET", "requirepass", "s3cret pass"));
        await scene.SlowCommandsAsync(1);

        await Assert.ThrowsAsync<StackExchange.Redis.RedisConnectionException>(() => scene.Poller(password: "wrong").PollOnceAsync(default));
        Assert.True(await scene.Poller().PollOnceAsync(default));
        await SlowlogScene.SlowCommandsAsync(scene.Redis, 1, "poller-pw", user: "poller");
        Assert.True(await scene.Poller(user: "poller", password: "poller-pw").PollOnceAsync(default));

        Assert.Equal(2, (await scene.ListAsync()).Count);
    }

    [Fact]
    public async Task A_node_that_refuses_the_password_shows_as_the_sources_last_error_until_it_works()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs), password: "right");
        Assert.Equal("+OK", await scene.Redis.CommandAsync("CONFIG", "SET", "requirepass", "other"));
        using var stop = new CancellationTokenSource();
        var running = scene.Poller().RunAsync(() => { }, stop.Token);

        var failing = await SlowlogScene.EventuallyAsync(scene.SourceAsync, s => s?.LastError is not null);
        Assert.Contains("WRONGPASS", failing?.LastError, StringComparison.Ordinal);

        await using (var admin = await RedisClient.ConnectAsync(new RedisEndpoint("127.0.0.1", scene.Redis.Port, null, "other"), TimeSpan.FromSeconds(5), default))
        {
            await admin.ExecuteAsync("CONFIG", "SET", "requirepass", "right");
        }

        var recovered = await SlowlogScene.EventuallyAsync(scene.SourceAsync, s => s?.LastError is null);
        await stop.CancelAsync();
        await running;
        Assert.Null(recovered!.LastError);
    }

    [Fact]
    public async Task An_error_left_by_an_earlier_run_clears_when_a_new_poller_with_the_fixed_password_works()
    {
        await using var scene = await SlowlogScene.StartAsync(await RedisServer.StartAsync(SlowlogScene.RedisArgs), password: "right");
        Assert.Equal("+OK", await scene.Redis.CommandAsync("CONFIG", "SET", "requirepass", "right"));
        using (var first = new CancellationTokenSource())
        {
            var wrong = scene.Poller(password: "wrong").RunAsync(() => { }, first.Token);
            var failing = await SlowlogScene.EventuallyAsync(scene.SourceAsync, s => s?.LastError is not null);
            Assert.Contains("WRONGPASS", failing?.LastError, StringComparison.Ordinal);
            await first.CancelAsync();
            await wrong;
        }

        // The operator fixed the password and restarted: a new poller, which never failed itself.
        using var second = new CancellationTokenSource();
        var fixedPoller = scene.Poller().RunAsync(() => { }, second.Token);
        var cleared = await SlowlogScene.EventuallyAsync(scene.SourceAsync, s => s?.LastError is null);
        await second.CancelAsync();
        await fixedPoller;

        Assert.Null(cleared!.LastError);
    }
}
