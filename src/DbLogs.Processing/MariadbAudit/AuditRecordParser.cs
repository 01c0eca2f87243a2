using System.Globalization;
using System.Text;
using DbLogs.Storage.MariadbAuditRecords;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// Reads one server_audit record: <c>time,serverhost,user,host,connectionid,queryid,operation,database,object,retcode</c>.
/// A QUERY's object is the statement in single quotes, in which the plugin writes <c>\'</c> and <c>\\</c> (and, in some
/// versions, <c>\n</c>, <c>\r</c>, <c>\t</c>) for those characters; a table event's object is the table, without a return code.
/// </summary>
public static class AuditRecordParser
{
    private const int HeaderFields = 7; // serverhost … database, after the time

    public static AuditRecord? TryParse(ReadOnlySpan<byte> bytes, DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\n', '\r');
        Span<Range> fields = stackalloc Range[HeaderFields + 2];
        if (text.AsSpan().Split(fields, ',') != fields.Length)
        {
            return null;
        }

        var rest = text[fields[^1]];
        var (obj, query, returnCode) = rest.StartsWith('\'') ? Quoted(rest) : Table(rest);
        var operation = text[fields[6]];
        if (!long.TryParse(text[fields[4]], NumberStyles.None, CultureInfo.InvariantCulture, out var connection) ||
            !long.TryParse(text[fields[5]], NumberStyles.None, CultureInfo.InvariantCulture, out var queryId) || operation.Length == 0)
        {
            return null;
        }

        var statementClass = query is not null ? AuditStatementClass.OfStatement(query) : AuditStatementClass.OfOperation(operation);
        return new AuditRecord(utc, (int)zone.GetUtcOffset(utc).TotalMinutes, text[fields[1]], text[fields[2]], text[fields[3]], connection, queryId,
            operation, text[fields[7]], obj, query, returnCode, statementClass);
    }

    private static (string? Object, string? Query, int? ReturnCode) Quoted(string rest)
    {
        var query = new StringBuilder(rest.Length);
        var i = 1;
        for (; i < rest.Length && rest[i] != '\''; i++)
        {
            if (rest[i] == '\\' && i + 1 < rest.Length)
            {
                i++;
                query.Append(rest[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var c => c });
            }
            else
            {
                query.Append(rest[i]);
            }
        }

        var tail = i + 1 < rest.Length && rest[i + 1] == ',' ? rest[(i + 2)..] : string.Empty;
        return (null, query.ToString(), ReturnCode(tail));
    }

    private static (string? Object, string? Query, int? ReturnCode) Table(string rest)
    {
        var comma = rest.LastIndexOf(',');
        var obj = comma < 0 ? rest : rest[..comma];
        return (obj.Length == 0 ? null : obj, null, comma < 0 ? null : ReturnCode(rest[(comma + 1)..]));
    }

    private static int? ReturnCode(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
}
