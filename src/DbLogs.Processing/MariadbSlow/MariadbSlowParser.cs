using System.Buffers.Text;
using System.Text;
using DbLogs.Storage.MariadbSlow;

namespace DbLogs.Processing.MariadbSlow;

/// <summary>
/// Reads one slow-log record: <c># User@Host: user[priv] @ host [ip]</c>, <c># Thread_id: N  Schema: db  QC_hit: No</c>,
/// <c># Query_time: …  Lock_time: …  Rows_sent: …  Rows_examined: …</c>, other <c>#</c> lines, <c>use db;</c>,
/// <c>SET timestamp=unix;</c>, then the statement over one or more lines. Records without <c># Query_time:</c> (the file
/// header the server writes when it opens the file) are not statements.
/// </summary>
public static class MariadbSlowParser
{
    public static bool TryParse(ReadOnlySpan<byte> record, DateTimeOffset fallbackTime, out MariadbSlowEntry? parsed)
    {
        parsed = null;
        DateTimeOffset? setTime = null;
        ReadOnlySpan<byte> user = [], host = [], ip = [], schema = [], use = [];
        double queryTime = 0, lockTime = 0;
        long rowsSent = 0, rowsExamined = 0;
        var haveTimes = false;
        var statementStart = -1;
        var offset = 0;
        while (offset < record.Length && statementStart < 0)
        {
            var nl = record[offset..].IndexOf((byte)'\n');
            var lineLength = nl < 0 ? record.Length - offset : nl;
            var line = record.Slice(offset, lineLength);
            line = line.EndsWith("\r"u8) ? line[..^1] : line;
            if (line.StartsWith("# User@Host: "u8))
            {
                ParseUserHost(line["# User@Host: "u8.Length..], out user, out host, out ip);
            }
            else if (line.StartsWith("# Thread_id: "u8))
            {
                schema = Between(line, " Schema: "u8, "  QC_hit:"u8);
            }
            else if (line.StartsWith("# Query_time: "u8))
            {
                haveTimes = TryNumber(line, "Query_time: "u8, out queryTime) & TryNumber(line, "Lock_time: "u8, out lockTime) &
                            TryLong(line, "Rows_sent: "u8, out rowsSent) & TryLong(line, "Rows_examined: "u8, out rowsExamined);
            }
            else if (line.StartsWith("SET timestamp="u8))
            {
                setTime = ParseSetTimestamp(line);
                statementStart = offset + lineLength + 1;
            }
            else if (line.StartsWith("use "u8) && line.EndsWith(";"u8))
            {
                use = line[4..^1];
            }
            else if (!line.StartsWith("#"u8))
            {
                statementStart = offset;
            }

            offset += lineLength + 1;
        }

        if (!haveTimes || statementStart < 0 || statementStart >= record.Length)
        {
            return false;
        }

        var statement = Encoding.UTF8.GetString(record[statementStart..]);
        var sample = SqlText.Normalise(statement);
        var database = Unquote(use.IsEmpty ? schema.Trim((byte)' ') : use);
        parsed = new MariadbSlowEntry(setTime ?? fallbackTime, queryTime, lockTime, rowsSent, rowsExamined, Encoding.UTF8.GetString(database),
            Encoding.UTF8.GetString(user), Encoding.UTF8.GetString(ip.IsEmpty ? host : ip), sample, SqlText.TypeOf(sample));
        return true;
    }

    /// <summary><c>user[priv_user] @ host [ip]</c>; host and ip may be empty.</summary>
    private static void ParseUserHost(ReadOnlySpan<byte> s, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> host, out ReadOnlySpan<byte> ip)
    {
        var bracket = s.IndexOf((byte)'[');
        user = bracket < 0 ? s : s[..bracket];
        var at = s.IndexOf(" @ "u8);
        host = ip = [];
        if (at < 0)
        {
            return;
        }

        var rest = s[(at + 3)..];
        var open = rest.LastIndexOf((byte)'[');
        var close = rest.LastIndexOf((byte)']');
        if (open >= 0 && close > open)
        {
            ip = rest[(open + 1)..close];
            host = rest[..open].Trim((byte)' ');
        }
        else
        {
            host = rest.Trim((byte)' ');
        }
    }

    private static ReadOnlySpan<byte> Between(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, ReadOnlySpan<byte> before)
    {
        var start = line.IndexOf(after);
        if (start < 0)
        {
            return [];
        }

        var rest = line[(start + after.Length)..];
        var end = rest.LastIndexOf(before);
        return end < 0 ? rest : rest[..end];
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name)
    {
        var start = line.IndexOf(name);
        if (start < 0)
        {
            return [];
        }

        var rest = line[(start + name.Length)..];
        var end = rest.IndexOf((byte)' ');
        return end < 0 ? rest : rest[..end];
    }

    private static bool TryNumber(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out double value)
    {
        var field = Field(line, name);
        return Utf8Parser.TryParse(field, out value, out var used) && used == field.Length;
    }

    private static bool TryLong(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out long value)
    {
        var field = Field(line, name);
        return Utf8Parser.TryParse(field, out value, out var used) && used == field.Length;
    }

    private static DateTimeOffset? ParseSetTimestamp(ReadOnlySpan<byte> line)
    {
        var digits = line["SET timestamp="u8.Length..];
        var end = digits.IndexOf((byte)';');
        return end > 0 && Utf8Parser.TryParse(digits[..end], out long seconds, out var used) && used == end && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> name) =>
        name.Length >= 2 && name[0] == (byte)'`' && name[^1] == (byte)'`' ? name[1..^1] : name;
}
