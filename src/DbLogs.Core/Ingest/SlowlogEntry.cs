namespace DbLogs.Core.Ingest;

/// <summary>
/// One entry of <c>SLOWLOG GET</c>: <c>[id, unix-seconds, duration-µs, [argv…], "ip:port", client-name]</c>.
/// Redis caps argv at 32 items and each at 128 bytes, saying so in the last item / the item itself.
/// </summary>
public sealed record SlowlogEntry(long Id, long UnixSeconds, long DurationMicros, IReadOnlyList<string> Args, string Client, string ClientName)
{
    /// <summary>The client name the poller's own connection sets; the service drops entries of that client.</summary>
    public const string PollerClientName = "dblogs-slowlog-poller";

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

/// <summary>Entries that were gone before the poller saw them: <see cref="Count"/> ids just before <see cref="BeforeId"/> of the run.</summary>
public sealed record SlowlogMissed(long Count, long BeforeId, string Reason);

/// <summary>What the poller ships (<see cref="IngestRoutes.RedisSlowlog"/>): new entries of one node's run (oldest first), and what was missed before them.</summary>
public sealed record SlowlogBatch(string Node, string RunId, IReadOnlyList<SlowlogEntry> Entries, SlowlogMissed? Missed);
