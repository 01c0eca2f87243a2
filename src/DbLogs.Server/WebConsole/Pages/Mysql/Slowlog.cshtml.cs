using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages.Mysql;

/// <summary>A MySQL instance's slow queries in a time range, and the top statements by count or total time with a chart.</summary>
public sealed class MysqlSlowlogModel(IMariadbSlowStore slowLogs, TimeProvider clock) : InstancePage(Engine.Mysql)
{
    private const int TopStatements = 10;

    public static readonly IReadOnlyList<string> Types = ["ALL", "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE"];

    public TimeRange Range { get; private set; } = null!;

    public string Type { get; private set; } = "ALL";

    public string Top { get; private set; } = "count";

    public PagedResult<MariadbSlowEntry> Entries { get; private set; } = new(0, []);

    public IReadOnlyList<MariadbSlowStatistic> Statistics { get; private set; } = [];

    public async Task OnGetAsync(string? type, string? top)
    {
        var ct = HttpContext.RequestAborted;
        Range = TimeRange.Read(Request.Query, clock.GetUtcNow(), "day", TimeSpan.FromDays(30));
        Type = type is not null && Types.Contains(type) ? type : "ALL";
        Top = top == "time" ? "time" : "count";
        var statementType = Type == "ALL" ? null : Type;
        Entries = await slowLogs.ListAsync(Instance.Id, Range.Window, statementType, Pager.PageOf(Request), ct);
        if (Entries.Total > 0)
        {
            Statistics = (await slowLogs.ListStatisticsAsync(Instance.Id, Range.Window, statementType, Top == "time", new Page(0, TopStatements), ct)).Items;
        }
    }
}
