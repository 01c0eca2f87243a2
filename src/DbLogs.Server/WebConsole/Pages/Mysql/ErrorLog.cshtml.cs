using DbLogs.Core.Paging;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages.Mysql;

/// <summary>A MySQL instance's error log in a time range, by level; a multi-line entry opens to show all of it.</summary>
public sealed class ErrorLogModel(IMariadbErrorStore errorLogs, TimeProvider clock) : InstancePage(Engine.Mysql)
{
    public static readonly IReadOnlyList<string> Levels = ["ALL", "ERROR", "WARNING", "NOTE", "INFO", "FATAL"];

    public TimeRange Range { get; private set; } = null!;

    public string Level { get; private set; } = "ALL";

    public PagedResult<ErrorLogEntry> Entries { get; private set; } = new(0, []);

    public async Task OnGetAsync(string? level)
    {
        Range = TimeRange.Read(Request.Query, clock.GetUtcNow(), "day", TimeSpan.FromDays(30));
        Level = level is not null && Levels.Contains(level) ? level : "ALL";
        Entries = await errorLogs.ListAsync(Instance.Id, Range.Window, Level == "ALL" ? null : Level, Pager.PageOf(Request), HttpContext.RequestAborted);
    }
}
