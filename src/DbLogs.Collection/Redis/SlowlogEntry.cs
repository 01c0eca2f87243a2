namespace DbLogs.Collection.Redis;

/// <summary>
/// One entry of <c>SLOWLOG GET</c>: <c>[id, unix-seconds, duration-µs, [argv…], "ip:port", client-name]</c>.
/// Redis caps argv at 32 items and each at 128 bytes, saying so in the last item / the item itself.
/// </summary>
public sealed record SlowlogEntry(long Id, long UnixSeconds, long DurationMicros, IReadOnlyList<string> Args, string Client, string ClientName)
{
    /// <summary>The entries of a <c>SLOWLOG GET</c> reply; entries with an unexpected shape are skipped.</summary>
    public static List<SlowlogEntry> ParseReply(RespValue reply)
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

    /// <summary>The command as one line: arguments separated by spaces, quoted when empty or holding spaces, quotes or control characters.</summary>
    public string CommandText() => string.Join(' ', Args.Select(Quote));

    private static string Quote(string arg)
    {
        if (arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c == '"' || char.IsControl(c)))
        {
            return arg;
        }

        var quoted = new System.Text.StringBuilder("\"");
        foreach (var c in arg)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
