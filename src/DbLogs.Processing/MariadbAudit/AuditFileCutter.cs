using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// Cuts each node's <c>mariadb-audit</c> stream into the files ListAuditlogs lists, the way the cloud rotates them:
/// at <see cref="AuditFileOptions.SizeLimit"/>, at <see cref="AuditFileOptions.TimeLimit"/>, or on a rotate request
/// (<see cref="AuditRotateRequests"/>, made on any node),
/// always at a line end (an audit record is one line). Only closed files are listed; the open one is the cursor's
/// state. A closed file is written to the collected file store first (as its stream range, not a copy), then its row and the advanced cursor are
/// committed together: a crash in between rewrites the same file id on the next run, so no file is lost or doubled.
/// </summary>
public sealed class AuditFileCutter(
    ISourceStore sources,
    IRegistryStore registry,
    IMariadbAuditStore auditFiles,
    IStreamStore segments,
    ICollectedFiles files,
    AuditFileOptions options,
    AuditRotateRequests rotations,
    TimeProvider clock) : IStreamFollower
{
    /// <summary>The cutter's cursor (<see cref="AuditCutState"/> is its state).</summary>
    public const string Consumer = "audit-files";

    public string Name => Consumer;

    public bool Follows(LogKind kind) => kind == LogKind.MariadbAudit;

    public Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => sources.GetCursorAsync(sourceId, Name, ct);

    public async Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cursor = await ReadCursorAsync(source.Id, ct);
        var position = cursor?.Position ?? 0;
        // Read once: a catch-up takes moments, and a clock read per record cost more than the rest of the record's work.
        var now = clock.GetUtcNow();
        var state = AuditCutState.Deserialize(cursor?.State) ?? AuditCutState.Open(0, 1, now, 0);
        var requested = await rotations.RequestedAsync(source.Id, ct) ?? state.RotationsServed;
        var classifier = RecordClassifiers.Create(LogKind.MariadbAudit, await registry.ForAsync(source, ct));

        if (position > state.FileStart && Expired(state, now))
        {
            state = await CloseAsync(source, state, position, fence, ct);
        }

        await using (var stream = await segments.OpenReadAsync(source.Id, position, Math.Max(position, source.Length), ct))
        using (var lines = new StreamLines(stream, position, headsOnly: true))
        {
            while (await lines.NextAsync(ct))
            {
                var info = classifier.Next(lines.Line.Span);
                if (info.StartsRecord && position > state.FileStart &&
                    (Expired(state, now) || (info.Time is { } t && state.FirstTime is { } first && t - first >= options.TimeLimit)))
                {
                    state = await CloseAsync(source, state, position, fence, ct);
                }

                // Most lines change nothing (many records share a second): the state is copied only when it changes.
                if (state.OpenedAt is null || (info.Time is { } time && (state.FirstTime is null || time != state.LastTime)))
                {
                    state = state with
                    {
                        OpenedAt = state.OpenedAt ?? now,
                        FirstTime = state.FirstTime ?? info.Time,
                        LastTime = info.Time ?? state.LastTime,
                    };
                }

                position = lines.LineEnd;
                if (position - state.FileStart >= options.SizeLimit)
                {
                    state = await CloseAsync(source, state, position, fence, ct);
                }
            }
        }

        if (position > state.FileStart && (requested > state.RotationsServed || Expired(state, now)))
        {
            state = await CloseAsync(source, state with { RotationsServed = requested }, position, fence, ct);
        }
        else if (requested > state.RotationsServed)
        {
            state = state with { RotationsServed = requested }; // nothing open to close: served all the same
        }

        if (cursor is null || cursor.Position != position || cursor.State != state.Serialize())
        {
            await sources.SetCursorAsync(source.Id, Name, new StreamCursor(position, state.Serialize()), fence, ct);
        }
    }

    private bool Expired(AuditCutState state, DateTimeOffset now) => state.OpenedAt is { } opened && now - opened >= options.TimeLimit;

    /// <summary>Closes the open file at <paramref name="end"/> and answers the next (empty) one.</summary>
    private async Task<AuditCutState> CloseAsync(SourceRecord source, AuditCutState state, long end, CursorFence? fence, CancellationToken ct)
    {
        var id = AuditFileNames.Id(state.Uuid);
        var size = await files.WriteRangesAsync(DownloadAreas.AuditLog, id, new RangesManifest(source.Id, [new StreamRange(state.FileStart, end)]), ct);

        var now = clock.GetUtcNow();
        var begin = state.FirstTime ?? state.OpenedAt ?? now;
        var file = new AuditLogFile(id, source.InstanceId, source.NodeId, AuditFileNames.Name(state.Sequence, begin, source.InstanceId, state.Uuid),
            size, begin, state.LastTime ?? begin, state.Sequence)
        { Range = new StreamRange(state.FileStart, end) };
        var next = AuditCutState.Open(end, state.Sequence + 1, now, state.RotationsServed);
        await auditFiles.CommitClosedFileAsync(file, source.Id, Name, new StreamCursor(end, next.Serialize()), fence, ct);
        return next;
    }
}
