using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Processing.MariadbError;
using DbLogs.Processing.MariadbSlow;
using DbLogs.Processing.Streams;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;

namespace DbLogs.Tests.MysqlLogs;

/// <summary>Runs log text through the stream record reader and a parser, as the followers do.</summary>
internal static class ParsedRecords
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static async Task<List<StreamRecord>> RecordsAsync(LogKind kind, string text, TimeZoneInfo zone, long baseOffset = 0)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var records = new List<StreamRecord>();
        await foreach (var r in StreamRecords.ReadAsync(stream, baseOffset, RecordClassifiers.Create(kind, zone)))
        {
            records.Add(r with { Bytes = r.Bytes.ToArray() }); // the reader reuses its buffer
        }

        return records;
    }

    public static async Task<List<ErrorLogEntry>> ErrorEntriesAsync(string text, TimeZoneInfo zone, DateTimeOffset? fallback = null)
    {
        var entries = new List<(int Offset, ErrorLogEntry Entry)>();
        foreach (var r in await RecordsAsync(LogKind.MariadbError, text, zone))
        {
            MariadbErrorParser.Parse(r.Bytes.Span, r.StartsWithRecordLine, r.Time, fallback ?? r.Time ?? r.NextTime ?? DateTimeOffset.UnixEpoch, zone,
                entries);
        }

        return [.. entries.Select(e => e.Entry)];
    }

    public static async Task<List<MariadbSlowEntry>> SlowQueriesAsync(string text, TimeZoneInfo zone)
    {
        var queries = new List<MariadbSlowEntry>();
        foreach (var r in await RecordsAsync(LogKind.MariadbSlow, text, zone))
        {
            if (MariadbSlowParser.TryParse(r.Bytes.Span, r.Time ?? DateTimeOffset.UnixEpoch, out var q))
            {
                queries.Add(q!);
            }
        }

        return queries;
    }
}
