using DbLogs.Core.Paging;
using DbLogs.Processing.RedisRun;
using DbLogs.Server.Downloads;
using DbLogs.Storage.Files;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Mvc;

namespace DbLogs.Server.WebConsole.Pages.Redis;

/// <summary>A Redis instance's run logs: collect a replica's days through the run-log jobs, watch them, download them through a signed link.</summary>
public sealed class RunLogsModel(IRedisRunStore runLogs, RunLogJobs jobs, DownloadLinks links, ICollectedFiles files) : InstancePage(Engine.Redis)
{
    private static readonly int[] QueryDays = [0, 1, 3, 7];

    public PagedResult<RunLogFile> Files { get; private set; } = new(0, []);

    public bool Collecting { get; private set; }

    public async Task OnGetAsync()
    {
        Files = await runLogs.ListAsync(Instance.Id, null, Pager.PageOf(Request), HttpContext.RequestAborted);
        Collecting = Files.Items.Any(f => f.Status == RunLogStatus.Collecting);
    }

    public async Task<IActionResult> OnPostCollectAsync(string? node, int days)
    {
        var target = Nodes.FirstOrDefault(n => n.Id == node);
        if (target is null || Array.IndexOf(QueryDays, days) < 0)
        {
            return BadRequest();
        }

        await jobs.QueueAsync(target, days, HttpContext.RequestAborted);
        return Redirect(ConsoleRoutes.RunLogs(Instance.Id));
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? file)
    {
        var found = file is { Length: <= 128 } ? await runLogs.GetAsync(Instance.Id, file, HttpContext.RequestAborted) : null;
        if (found is null || (found.Status != RunLogStatus.Succeed && !await files.ExistsAsync(DownloadAreas.RunLog, found.Id, HttpContext.RequestAborted)))
        {
            return NotFoundPage();
        }

        return Redirect(links.Create(Request, DownloadAreas.RunLog, found.Id, RunLogFileName.For(found.ReplicationIp, found.Day), TimeSpan.FromMinutes(5)));
    }
}
