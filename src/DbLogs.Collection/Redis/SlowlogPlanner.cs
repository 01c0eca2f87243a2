using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Redis;

/// <summary>
/// Decides what of a <c>SLOWLOG GET</c> reply is new. Entry ids grow by one per entry for the life of a server process
/// (<c>SLOWLOG RESET</c> does not reset them) and start again at 0 when the process restarts, which a new
/// <c>run_id</c> tells. A hole between the last shipped id and the oldest new one is entries that left the ring
/// buffer (or were reset away) before a poll saw them.
/// </summary>
public static class SlowlogPlanner
{
    public const string WrappedReason = "slowlog entries left the ring buffer (slowlog-max-len) or were reset before they were polled";
    public const string RestartReason = "the server restarted and its first slowlog entries left the ring buffer before they were polled";

    public static SlowlogBatch Plan(string nodeId, SlowlogCursor? cursor, string runId, IReadOnlyList<SlowlogEntry> entries)
    {
        var sameRun = cursor is not null && cursor.RunId == runId;
        var lastSeen = sameRun ? cursor!.LastId : -1;
        var fresh = entries.Where(e => e.Id > lastSeen).OrderBy(e => e.Id).ToList();
        SlowlogMissed? missed = null;
        if (cursor is not null && fresh.Count > 0 && fresh[0].Id > lastSeen + 1)
        {
            // Before the first poll ever, older entries are history, not a loss.
            missed = new SlowlogMissed(fresh[0].Id - lastSeen - 1, fresh[0].Id, sameRun ? WrappedReason : RestartReason);
        }

        return new SlowlogBatch(nodeId, runId, fresh, missed);
    }

    /// <summary>The cursor after the batch was stored.</summary>
    public static SlowlogCursor Advance(SlowlogCursor? cursor, SlowlogBatch batch)
    {
        var last = cursor is not null && cursor.RunId == batch.RunId ? cursor.LastId : -1;
        return new SlowlogCursor(batch.RunId, batch.Entries.Count > 0 ? Math.Max(last, batch.Entries[^1].Id) : last);
    }
}
