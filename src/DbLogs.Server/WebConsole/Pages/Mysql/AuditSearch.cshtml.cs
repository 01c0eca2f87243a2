using DbLogs.Core.Paging;
using DbLogs.Core.Time;
using DbLogs.Server.Rds;
using DbLogs.Server.Search;
using DbLogs.Storage.MariadbAuditRecords;
using DbLogs.Storage.Registry;
using Microsoft.Extensions.Primitives;

namespace DbLogs.Server.WebConsole.Pages.Mysql;

/// <summary>
/// A MySQL instance's audit records, searched as the audit-records route does: the form's fields are that route's
/// parameters (empty ones left out), the time range becomes its window, and its checks give the page's error.
/// </summary>
public sealed class AuditSearchModel(IAuditRecordStore records, TimeProvider clock) : InstancePage(Engine.Mysql)
{
    /// <summary>The form's fields, named as the route's parameters.</summary>
    public static readonly IReadOnlyList<(string Name, string Label)> Fields =
        [("user", "User"), ("host", "Client host"), ("database", "Database"), ("operation", "Operation or class"), ("keyword", "Keywords"), ("node_id", "Node")];

    public TimeRange Range { get; private set; } = null!;

    public string? Problem { get; private set; }

    public PagedResult<AuditRecordHit> Found { get; private set; } = new(0, []);

    public async Task OnGetAsync()
    {
        Range = TimeRange.Read(Request.Query, clock.GetUtcNow(), "day", TimeSpan.FromDays(31));
        var query = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["start_time"] = OffsetTime.Format(Range.Window.Start, TimeSpan.Zero),
            ["end_time"] = OffsetTime.Format(Range.Window.End, TimeSpan.Zero),
        };
        foreach (var (name, _) in Fields)
        {
            if (Request.Query[name] is { Count: > 0 } value && !string.IsNullOrWhiteSpace(value))
            {
                query[name] = value;
            }
        }

        var (search, _, error) = AuditRecordRequest.Read(new QueryCollection(query), Instance.Id, RdsFamily.Instance);
        if (error is not null)
        {
            Problem = error.Message;
            return;
        }

        Found = await records.SearchAsync(search!, Pager.PageOf(Request), HttpContext.RequestAborted);
    }

    public string Value(string name) => Request.Query[name].ToString();
}
