using System.Diagnostics;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// RotateAuditLog: closes the open audit file of every node of an instance now. The request is recorded in the store;
/// when this node holds the source's cutter it closes the file at once, otherwise the holder does on its next append
/// or tick, and the call waits for that (up to <see cref="FollowerOptions.FollowerInterval"/> and a margin).
/// </summary>
public sealed class AuditRotation(ISourceStore sources, AuditRotateRequests requests, StreamFollowers followers, FollowerOptions options)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task RotateAsync(string instanceId, CancellationToken ct)
    {
        foreach (var source in await sources.ListSourcesAsync(instanceId, ct))
        {
            if (source.Kind != LogKind.MariadbAudit)
            {
                continue;
            }

            var count = await requests.RequestAsync(source.Id, ct);
            await followers.CatchUpAsync(source.Id, ct);
            await WaitServedAsync(source.Id, count, ct);
        }
    }

    private async Task WaitServedAsync(long sourceId, long count, CancellationToken ct)
    {
        // Wall-clock time: what it waits for is another process's work.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var cursor = await sources.GetCursorAsync(sourceId, AuditFileCutter.Consumer, ct);
            // No cursor yet: the stream has never been cut, so there is no open file to wait for.
            if (cursor is null || AuditCutState.Deserialize(cursor.State) is not { } state || state.RotationsServed >= count ||
                waited.Elapsed >= options.FollowerInterval + Margin)
            {
                return;
            }

            await Task.Delay(Poll, ct);
        }
    }
}
