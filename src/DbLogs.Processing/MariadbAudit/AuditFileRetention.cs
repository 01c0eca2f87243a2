using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>Deletes cut audit files (their rows, then their stored content) past an instance's keep_days, or all of them.</summary>
public sealed class AuditFileRetention(IMariadbAuditStore store, CollectedFileStore files, TimeProvider clock)
{
    /// <returns>How many files were deleted.</returns>
    public async Task<int> DeleteAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct)
    {
        var doomed = await store.ListFilesEndedBeforeAsync(instanceId, endedBefore, ct);
        if (doomed.Count == 0)
        {
            return 0;
        }

        // Rows first: a crash in between leaves unlisted content (harmless), never a listed file without content.
        await store.DeleteFilesAsync(instanceId, [.. doomed.Select(f => f.Id)], ct);
        foreach (var file in doomed)
        {
            files.Delete(DownloadAreas.AuditLog, file.Id);
        }

        return doomed.Count;
    }

    /// <summary>One retention pass over every instance whose policy keeps audit files for a number of days.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deleted = 0;
        foreach (var policy in await store.ListDesiredAsync(ct))
        {
            if (policy.KeepDays > 0)
            {
                deleted += await DeleteAsync(policy.InstanceId, now - TimeSpan.FromDays(policy.KeepDays), ct);
            }
        }

        return deleted;
    }
}
