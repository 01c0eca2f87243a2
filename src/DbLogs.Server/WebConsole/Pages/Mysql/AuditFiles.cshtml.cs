using DbLogs.Core.Paging;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Server.Downloads;
using DbLogs.Server.Rds;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Mvc;

namespace DbLogs.Server.WebConsole.Pages.Mysql;

/// <summary>A MySQL instance's audit files in a time window (download one or several, close the open one) and its audit policy.</summary>
public sealed class AuditFilesModel(IMariadbAuditStore auditLogs, AuditPolicyService policies, AuditRotation rotation, DownloadLinks links,
    TimeProvider clock) : InstancePage(Engine.Mysql)
{
    private const int MaxSelected = 50;
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(5);

    public TimeRange Range { get; private set; } = null!;

    public PagedResult<AuditLogFile> Files { get; private set; } = new(0, []);

    public IReadOnlyList<(string Name, string Href)> Links { get; private set; } = [];

    public PolicyApplyStatus Policy { get; private set; } = null!;

    public int KeepDays { get; private set; }

    public IReadOnlyList<string> AuditTypes { get; private set; } = [];

    public string? Done { get; private set; }

    public async Task OnGetAsync(string[]? selected, string? done)
    {
        var ct = HttpContext.RequestAborted;
        Range = TimeRange.Read(Request.Query, clock.GetUtcNow(), "day", TimeSpan.FromDays(30));
        Files = await auditLogs.ListFilesAsync(Instance.Id, Range.Window, Pager.PageOf(Request), ct);
        if (selected is { Length: > 0 })
        {
            var ids = selected.Where(s => s.Length <= 128).Distinct(StringComparer.Ordinal).Take(MaxSelected).ToList();
            Links = [.. (await auditLogs.GetFilesAsync(Instance.Id, ids, ct)).Select(f => (f.Name, links.Create(Request, DownloadAreas.AuditLog, f.Id, f.Name, LinkLifetime)))];
        }

        var status = await policies.GetStatusAsync(Instance.Id, ct);
        (KeepDays, AuditTypes) = AuditPolicyView.Effective(status);
        Policy = AuditPolicyView.Describe(status);
        Done = done switch
        {
            "rotated" => "The open audit files are closed; they are listed once cut (a few seconds).",
            "policy" => "The policy was accepted; its state below shows when each node applied it.",
            "pending" => "Another change of the policy is still pending; wait for it to be applied or to fail.",
            "invalid" => $"The policy was not changed: keep between 0 and {AuditPolicyRequest.MaxKeepDays} days and tick only listed types.",
            _ => null,
        };
    }

    public async Task<IActionResult> OnGetDownloadAsync(string? file)
    {
        var found = file is { Length: <= 128 } ? await auditLogs.GetFilesAsync(Instance.Id, [file], HttpContext.RequestAborted) : [];
        return found.Count == 0 ? NotFoundPage() : Redirect(links.Create(Request, DownloadAreas.AuditLog, found[0].Id, found[0].Name, LinkLifetime));
    }

    public async Task<IActionResult> OnPostRotateAsync()
    {
        await rotation.RotateAsync(Instance.Id, HttpContext.RequestAborted);
        return Redirect(ConsoleRoutes.AuditFiles(Instance.Id) + "?done=rotated");
    }

    public async Task<IActionResult> OnPostPolicyAsync(int keepDays, string[]? types)
    {
        var chosen = (types ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (keepDays is < 0 or > AuditPolicyRequest.MaxKeepDays || !chosen.All(AuditActionCatalog.IsKnown))
        {
            return Redirect(ConsoleRoutes.AuditFiles(Instance.Id) + "?done=invalid");
        }

        var accepted = await policies.RequestAsync(Instance.Id, new AuditPolicy(keepDays, chosen, clock.GetUtcNow()), reserveAuditLogs: true,
            HttpContext.RequestAborted);
        return Redirect(ConsoleRoutes.AuditFiles(Instance.Id) + (accepted ? "?done=policy" : "?done=pending"));
    }
}
