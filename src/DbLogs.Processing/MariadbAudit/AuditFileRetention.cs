using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.MariadbAuditRecords;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>Deletes cut audit files (their indexed records, their rows, then their stored content) past an instance's keep_days, or all of them.</summary>
public sealed class AuditFileRetention(IMariadbAuditStore store, IAuditRecordStore records, ICollectedFiles files, TimeProvider clock)
{
    /// <returns>How many files were deleted.</returns>
    public async Task<int> DeleteAsync(string instanceId, DateTimeOffset? endedBefore, CancellationToken ct)
    {
        var doomed = await store.ListFilesEndedBeforeAsync(instanceId, endedBefore, ct);
        if (doomed.Count == 0)
        {
            return 0;
        }

        // Rows first: a crash in between leaves unlisted content (harmless), never a listed file without content. The files'
        // records go before the files' rows, which give their stream ranges.
        string[] ids = [.. doomed.Select(f => f.Id)];
        await records.DeleteInFilesAsync(instanceId, ids, ct);
        await store.DeleteFilesAsync(instanceId, ids, ct);
        foreach (var file in doomed)
        {
            await files.DeleteAsync(DownloadAreas.AuditLog, file.Id, ct);
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
