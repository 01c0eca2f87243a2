using DbLogs.Collection.Redis;
using DbLogs.Core.Ingest;

namespace DbLogs.Tests.RedisSlowlog;

public class SlowlogPlannerTests
{
    private static SlowlogEntry[] Entries(params long[] ids) => [.. ids.Select(id => new SlowlogEntry(id, 1_700_000_000 + id, 100, ["GET", "k"], "127.0.0.1:1", ""))];

    [Fact]
    public void First_poll_takes_what_the_server_holds_oldest_first_and_misses_nothing()
    {
        var batch = SlowlogPlanner.Plan("r1", null, "run-a", Entries(9, 8, 7));

        Assert.Equal([7L, 8L, 9L], batch.Entries.Select(e => e.Id));
        Assert.Null(batch.Missed);
        Assert.Equal(new SlowlogCursor("run-a", 9), SlowlogPlanner.Advance(null, batch));
    }

    [Fact]
    public void Later_polls_take_only_newer_ids()
    {
        var batch = SlowlogPlanner.Plan("r1", new SlowlogCursor("run-a", 8), "run-a", Entries(10, 9, 8, 7));

        Assert.Equal([9L, 10L], batch.Entries.Select(e => e.Id));
        Assert.Null(batch.Missed);
    }

    [Fact]
    public void A_hole_after_the_last_seen_id_is_counted_as_missed()
    {
        var batch = SlowlogPlanner.Plan("r1", new SlowlogCursor("run-a", 4), "run-a", Entries(12, 11, 10));

        Assert.Equal(new SlowlogMissed(5, 10, SlowlogPlanner.WrappedReason), batch.Missed);
    }

    [Fact]
    public void After_a_reset_with_nothing_new_there_is_nothing_to_ship()
    {
        var batch = SlowlogPlanner.Plan("r1", new SlowlogCursor("run-a", 4), "run-a", []);

        Assert.Empty(batch.Entries);
        Assert.Null(batch.Missed);
        Assert.Equal(new SlowlogCursor("run-a", 4), SlowlogPlanner.Advance(new SlowlogCursor("run-a", 4), batch));
    }

    [Fact]
    public void A_new_run_id_starts_over_from_id_zero()
    {
        var whole = SlowlogPlanner.Plan("r1", new SlowlogCursor("run-a", 40), "run-b", Entries(1, 0));
        var late = SlowlogPlanner.Plan("r1", new SlowlogCursor("run-a", 40), "run-b", Entries(5, 4, 3));

        Assert.Equal([0L, 1L], whole.Entries.Select(e => e.Id));
        Assert.Null(whole.Missed);
        Assert.Equal(new SlowlogMissed(3, 3, SlowlogPlanner.RestartReason), late.Missed);
        Assert.Equal(new SlowlogCursor("run-b", 5), SlowlogPlanner.Advance(new SlowlogCursor("run-a", 40), late));
    }
}
