using DbLogs.Core.Paging;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages.Redis;

/// <summary>A Redis instance's slow log in a time range: a chart of durations and a table sortable by start time or duration.</summary>
public sealed class RedisSlowlogModel(IRedisSlowlogStore slowlog, TimeProvider clock) : InstancePage(Engine.Redis)
{
    private const int ChartPoints = 500;

    public TimeRange Range { get; private set; } = null!;

    public string Sort { get; private set; } = "start";

    public string Dir { get; private set; } = "desc";

    public PagedResult<RedisSlowEntry> Entries { get; private set; } = new(0, []);

    public IReadOnlyList<(DateTimeOffset Time, double Value)> Chart { get; private set; } = [];

    public async Task OnGetAsync(string? sort, string? dir)
    {
        Range = TimeRange.Read(Request.Query, clock.GetUtcNow(), "hour", TimeSpan.FromDays(30));
        Sort = sort == "duration" ? "duration" : "start";
        Dir = dir == "asc" ? "asc" : "desc";
        var ct = HttpContext.RequestAborted;
        Entries = await slowlog.ListAsync(Instance.Id, Range.Window, Sort == "duration" ? RedisSlowSortKey.Duration : RedisSlowSortKey.StartTime,
            Dir == "asc" ? SortDirection.Ascending : SortDirection.Descending, Pager.PageOf(Request), ct);
        if (Entries.Total > 0)
        {
            var latest = await slowlog.LatestAsync(Instance.Id, Range.Window, ChartPoints, ct);
            Chart = [.. latest.Select(e => (e.StartTime, e.DurationMicros / 1000.0))];
        }
    }

    /// <summary>Sorting by a column: descending first, then the other way.</summary>
    public string SortLink(string column) =>
        Pager.Link(Request, "sort", column, "dir", Sort == column && Dir == "desc" ? "asc" : "desc", "page", "1");

    public string AriaSort(string column) => Sort != column ? "none" : Dir == "asc" ? "ascending" : "descending";
}
