using System.Buffers;
using System.Text;
using DbLogs.Processing.Streams;
using DbLogs.Storage.MariadbError;

namespace DbLogs.Processing.MariadbError;

/// <summary>
/// Turns one error-log record (<c>YYYY-MM-DD HH:MM:SS thread [Level] message</c> and its continuation lines) into
/// messages. <c>server_audit</c> writes its own <c>yymmdd HH:MM:SS server_audit: …</c> lines to the same file, at times
/// without a newline before the next one; each of those becomes a message of its own (level NOTE).
/// </summary>
public static class MariadbErrorParser
{
    private const int AuditPrefixLength = 16; // "yymmdd HH:MM:SS "

    /// <param name="recordTime">The time of the record's start line (the classifier's).</param>
    /// <param name="fallbackTime">For lines that continue a record before this read and carry no time of their own.</param>
    public static void Parse(ReadOnlySpan<byte> record, bool startsWithRecordLine, DateTimeOffset? recordTime, DateTimeOffset fallbackTime,
        TimeZoneInfo zone, List<(int Offset, ErrorLogEntry Entry)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var entry = new EntryBuilder(into, fallbackTime);
        var offset = 0;
        while (offset < record.Length)
        {
            var nl = record[offset..].IndexOf((byte)'\n');
            var lineLength = nl < 0 ? record.Length - offset : nl;
            var line = record.Slice(offset, lineLength);
            line = line.EndsWith("\r"u8) ? line[..^1] : line;
            if (offset == 0 && startsWithRecordLine && MariadbErrorClassifier.TryParse(line, zone, out _))
            {
                var level = SplitLevel(line[20..], out var message);
                var at = line.Length - message.Length;
                entry.Start(at, recordTime ?? fallbackTime, level);
                AppendSplittingAudit(ref entry, message, at, continuation: false, zone);
            }
            else
            {
                AppendSplittingAudit(ref entry, line, offset, continuation: true, zone);
            }

            offset += lineLength + 1;
        }

        entry.Finish();
    }

    /// <summary>Maps MariaDB's <c>Note</c>, <c>Warning</c>, <c>ERROR</c> (and the API's other names) to the API's levels; else INFO.</summary>
    public static string Level(ReadOnlySpan<byte> name)
    {
        foreach (var level in (ReadOnlySpan<string>)["NOTE", "WARNING", "ERROR", "FATAL", "PANIC", "LOG", "INFO"])
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, level))
            {
                return level;
            }
        }

        return "INFO";
    }

    /// <summary>After the time: <c>thread [Level] message</c>; a line without a level is INFO.</summary>
    private static string SplitLevel(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> message)
    {
        var i = 0;
        while (i < rest.Length && rest[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        if (i > 0 && i < rest.Length && rest[i] == (byte)' ')
        {
            i++;
        }

        var afterThread = rest[i..];
        if (afterThread.StartsWith("["u8))
        {
            var close = afterThread.IndexOf((byte)']');
            if (close > 1)
            {
                message = afterThread[(close + 1)..];
                message = message.StartsWith(" "u8) ? message[1..] : message;
                return Level(afterThread[1..close]);
            }
        }

        message = afterThread;
        return "INFO";
    }

    /// <summary>
    /// Appends <paramref name="text"/> to the message, starting a new one at each <c>server_audit</c> message and at each
    /// server record glued to the end of one (the plugin and the server write to the same file without a common lock).
    /// </summary>
    private static void AppendSplittingAudit(ref EntryBuilder entry, ReadOnlySpan<byte> text, int at, bool continuation, TimeZoneInfo zone)
    {
        while (true)
        {
            var audit = FindAuditMessage(text);
            var glued = FindGluedRecord(text, zone);
            if (audit < 0 && glued < 0)
            {
                break;
            }

            var split = audit < 0 ? glued : glued < 0 ? audit : Math.Min(audit, glued);
            if (split > 0)
            {
                entry.Append(text[..split], at, continuation);
            }

            int bodyStart;
            if (split == audit)
            {
                entry.Start(at + split, TryParseAuditTime(text[split..], zone, out var time) ? time : null, "NOTE");
                bodyStart = split + AuditPrefixLength;
            }
            else
            {
                MariadbErrorClassifier.TryParse(text[split..], zone, out var time);
                var level = SplitLevel(text[(split + 20)..], out var message);
                bodyStart = text.Length - message.Length;
                entry.Start(at + split, time, level);
            }

            text = text[bodyStart..];
            at += bodyStart;
            continuation = false;
        }

        entry.Append(text, at, continuation);
    }

    /// <summary>The index of a <c>YYYY-MM-DD HH:MM:SS thread [</c> record start after the beginning of <paramref name="text"/>, or -1.</summary>
    private static int FindGluedRecord(ReadOnlySpan<byte> text, TimeZoneInfo zone)
    {
        var from = 1;
        while (from < text.Length)
        {
            var k = text[from..].IndexOf(" ["u8);
            if (k < 0)
            {
                return -1;
            }

            k += from;
            var digits = k;
            while (digits > 0 && text[digits - 1] is >= (byte)'0' and <= (byte)'9')
            {
                digits--;
            }

            var start = digits - 20;
            if (digits < k && start >= 1 && MariadbErrorClassifier.TryParse(text[start..], zone, out _))
            {
                return start;
            }

            from = k + 1;
        }

        return -1;
    }

    /// <summary>The index of a <c>yymmdd HH:MM:SS server_audit: </c> message start in <paramref name="text"/>, or -1.</summary>
    private static int FindAuditMessage(ReadOnlySpan<byte> text)
    {
        var searchFrom = 0;
        while (searchFrom < text.Length)
        {
            var k = text[searchFrom..].IndexOf(" server_audit: "u8);
            if (k < 0)
            {
                return -1;
            }

            var start = searchFrom + k - (AuditPrefixLength - 1);
            if (start >= 0 && LooksLikeAuditTime(text[start..]))
            {
                return start;
            }

            searchFrom += k + 1;
        }

        return -1;
    }

    private static bool LooksLikeAuditTime(ReadOnlySpan<byte> s) =>
        s.Length >= AuditPrefixLength && AsciiFields.TryDigits(s, 0, 6, out _) && s[6] == (byte)' ' && AsciiFields.TrySpacePaddedTwo(s, 7, out _) &&
        s[9] == (byte)':' && AsciiFields.TryDigits(s, 10, 2, out _) && s[12] == (byte)':' && AsciiFields.TryDigits(s, 13, 2, out _) && s[15] == (byte)' ';

    private static bool TryParseAuditTime(ReadOnlySpan<byte> s, TimeZoneInfo zone, out DateTimeOffset utc)
    {
        utc = default;
        return LooksLikeAuditTime(s) && AsciiFields.TryDigits(s, 0, 2, out var yy) && AsciiFields.TryDigits(s, 2, 2, out var month) &&
               AsciiFields.TryDigits(s, 4, 2, out var day) && AsciiFields.TrySpacePaddedTwo(s, 7, out var hour) && AsciiFields.TryDigits(s, 10, 2, out var minute) &&
               AsciiFields.TryDigits(s, 13, 2, out var second) && LocalTime.TryToUtc(2000 + yy, month, day, hour, minute, second, 0, zone, out utc);
    }

    /// <summary>The message being assembled; continuation lines join it with '\n'.</summary>
    private struct EntryBuilder(List<(int Offset, ErrorLogEntry Entry)> into, DateTimeOffset fallbackTime)
    {
        private readonly ArrayBufferWriter<byte> _content = new(256);
        private int _offset;
        private DateTimeOffset _time;
        private string? _level;

        public void Start(int offset, DateTimeOffset? time, string level)
        {
            Finish();
            _offset = offset;
            _time = time ?? fallbackTime;
            _level = level;
        }

        public void Append(ReadOnlySpan<byte> text, int at, bool continuation)
        {
            if (_level is null)
            {
                // Lines that continue a record from before this read: a message of their own.
                Start(at, null, "INFO");
                continuation = false;
            }

            if (continuation)
            {
                _content.Write("\n"u8);
            }

            _content.Write(text);
        }

        public void Finish()
        {
            if (_level is null)
            {
                return;
            }

            into.Add((_offset, new ErrorLogEntry(_time, _level, Encoding.UTF8.GetString(_content.WrittenSpan).TrimEnd())));
            _content.ResetWrittenCount();
            _level = null;
        }
    }
}
