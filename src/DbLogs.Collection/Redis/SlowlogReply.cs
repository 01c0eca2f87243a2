using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Redis;

/// <summary>Reads the reply of <c>SLOWLOG GET</c> into <see cref="SlowlogEntry"/>s.</summary>
public static class SlowlogReply
{
    /// <summary>The entries of a <c>SLOWLOG GET</c> reply; entries with an unexpected shape are skipped.</summary>
    public static List<SlowlogEntry> Parse(RespValue reply)
    {
        var entries = new List<SlowlogEntry>();
        if (reply.Type != RespType.Array)
        {
            throw new RespProtocolException($"SLOWLOG GET answered {reply.Type}, not an array.");
        }

        foreach (var item in reply.Items!)
        {
            if (item.Type == RespType.Array && item.Items is { Count: >= 4 } f
                && f[0].Type == RespType.Integer && f[1].Type == RespType.Integer && f[2].Type == RespType.Integer
                && f[3].Type == RespType.Array)
            {
                var args = f[3].Items!.Select(a => a.Text ?? string.Empty).ToList();
                entries.Add(new SlowlogEntry(f[0].Integer, f[1].Integer, f[2].Integer, args,
                    f.Count > 4 ? f[4].Text ?? string.Empty : string.Empty, f.Count > 5 ? f[5].Text ?? string.Empty : string.Empty));
            }
        }

        return entries;
    }
}
