using DbLogs.Core.Ingest;
using StackExchange.Redis;

namespace DbLogs.Collection.Redis;

/// <summary>Reads the reply of <c>SLOWLOG GET</c> into <see cref="SlowlogEntry"/>s.</summary>
public static class SlowlogReply
{
    /// <summary>The entries of a <c>SLOWLOG GET</c> reply; entries with an unexpected shape are skipped.</summary>
    /// <exception cref="RedisException">The reply is not an array.</exception>
    public static List<SlowlogEntry> Parse(RedisResult reply)
    {
        if (reply.Resp2Type != ResultType.Array || reply.IsNull)
        {
            throw new RedisException($"SLOWLOG GET answered {reply.Resp2Type}, not an array.");
        }

        var entries = new List<SlowlogEntry>(reply.Length);
        for (var i = 0; i < reply.Length; i++)
        {
            var f = reply[i];
            if (f.Resp2Type == ResultType.Array && !f.IsNull && f.Length >= 4
                && f[0].Resp2Type == ResultType.Integer && f[1].Resp2Type == ResultType.Integer && f[2].Resp2Type == ResultType.Integer
                && f[3].Resp2Type == ResultType.Array && !f[3].IsNull)
            {
                var command = f[3];
                var args = new List<string>(command.Length);
                for (var a = 0; a < command.Length; a++)
                {
                    args.Add(Text(command[a]));
                }

                entries.Add(new SlowlogEntry((long)f[0], (long)f[1], (long)f[2], args, f.Length > 4 ? Text(f[4]) : string.Empty,
                    f.Length > 5 ? Text(f[5]) : string.Empty));
            }
        }

        return entries;
    }

    private static string Text(RedisResult value) => value.IsNull ? string.Empty : value.ToString() ?? string.Empty;
}
