using DbLogs.Processing.MariadbAudit;
using DbLogs.Server.Api;
using DbLogs.Storage.MariadbAuditRecords;

namespace DbLogs.Server.Search;

/// <summary>Reads and checks the query parameters of an audit record search; the first problem is the answer.</summary>
internal static class AuditRecordRequest
{
    public const int MaxKeywords = 10;
    public const int MaxKeywordLength = 1000;
    private const int MaxNameLength = 256;

    /// <summary>The operations server_audit writes.</summary>
    public static IReadOnlyList<string> Operations { get; } =
        ["CONNECT", "FAILED_CONNECT", "DISCONNECT", "CHANGEUSER", "PROXY_CONNECT", "QUERY", "READ", "WRITE", "CREATE", "ALTER", "DROP", "RENAME"];

    public static (AuditRecordQuery? Query, Core.Paging.Page Page, ApiError? Error) Read(IQueryCollection query, string instanceId, IApiFamily family)
    {
        var q = new QueryParams(query, family);
        var start = q.OffsetTime("start_time");
        var end = q.OffsetTime("end_time");
        var window = q.Window("start_time", start, "end_time", end, TimeSpan.FromDays(31));
        var user = q.OptionalId("user", MaxNameLength);
        var host = q.OptionalId("host", MaxNameLength);
        var database = q.OptionalId("database", MaxNameLength);
        var node = q.OptionalId("node_id");
        int? returnCode = query.ContainsKey("return_code") ? q.Int("return_code", 0, int.MaxValue, 0) : null;
        var offset = q.Int("offset", 0, int.MaxValue, 0);
        var limit = q.Int("limit", 1, 1000, 100);
        var (operations, classes) = OperationsOf(q.OptionalId("operation", 512), q, family);
        var keywords = KeywordsOf(q.OptionalId("keyword", (MaxKeywordLength + 1) * MaxKeywords), q, family);
        if (q.Error is not null)
        {
            return (null, default, q.Error);
        }

        return (new AuditRecordQuery(instanceId, window.Start, window.End)
        {
            User = user,
            Host = host,
            Database = database,
            NodeId = node,
            ReturnCode = returnCode,
            Operations = operations,
            Classes = classes,
            Keywords = keywords,
        }, new Core.Paging.Page(offset, limit), null);
    }

    private static (List<string> Operations, List<string> Classes) OperationsOf(string? raw, QueryParams q, IApiFamily family)
    {
        var (operations, classes) = (new List<string>(), new List<string>());
        foreach (var name in raw?.Split(',') ?? [])
        {
            var upper = name.Trim().ToUpperInvariant();
            if (AuditStatementClass.All.Contains(upper))
            {
                classes.Add(upper);
            }
            else if (Operations.Contains(upper))
            {
                operations.Add(upper);
            }
            else
            {
                q.Fail(family.InvalidParameter("operation",
                    $"allowed values are {string.Join(", ", Operations)}, {string.Join(", ", AuditStatementClass.All)}, separated by commas."));
            }
        }

        return (operations, classes);
    }

    private static List<string> KeywordsOf(string? raw, QueryParams q, IApiFamily family)
    {
        var keywords = raw?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (keywords.Count > MaxKeywords)
        {
            q.Fail(family.InvalidParameter("keyword", $"at most {MaxKeywords} keywords, separated by spaces."));
        }
        else if (keywords.Any(k => k.Length > MaxKeywordLength))
        {
            q.Fail(family.InvalidParameter("keyword", $"a keyword has at most {MaxKeywordLength} characters."));
        }
        else if (raw is not null && keywords.Count == 0)
        {
            q.Fail(family.InvalidParameter("keyword"));
        }

        return keywords;
    }
}
