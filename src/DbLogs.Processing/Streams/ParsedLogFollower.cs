using DbLogs.Core.Logs;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

internal static class ParsedLogTiming
{
    /// <summary>
    /// How long a stream must stay the same length before its last record counts as complete. Both servers write a record
    /// in one go, so this only waits out a record that the collector read half of; a line that still continues it later
    /// becomes a message of its own.
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Parses a MariaDB log's stream into rows from its cursor on. A record is complete when the next one starts; the last
/// record of the stream is held back (the cursor stays at its start) until the stream has not grown for
/// <see cref="ParsedLogTiming.QuietPeriod"/>, since the server or the collector may still be adding lines to it. Rows and the new cursor
/// are committed in one transaction, so a crash or restart neither loses nor repeats rows.
/// </summary>
internal abstract class ParsedLogFollower<TRow>(ISourceStore sources, IRegistryStore registry, IStreamStore segments, TimeProvider clock)
    : IStreamFollower
{
    /// <summary>Rows per transaction while catching up a long stream.</summary>
    private const int BatchRows = 500;

    public abstract string Name { get; }

    public virtual bool RunsApart => false;

    protected abstract LogKind Kind { get; }

    /// <summary>False for a log whose records are always one line: its last line is complete as soon as it is stored.</summary>
    protected virtual bool HoldsLastRecord => true;

    public bool Follows(LogKind kind) => kind == Kind;

    public virtual Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => sources.GetCursorAsync(sourceId, Name, ct);

    public async Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cursor = await ReadCursorAsync(source.Id, ct) ?? new StreamCursor(0, null);
        if (cursor.Position >= source.Length)
        {
            return;
        }

        var state = ParsedLogState.Read(cursor.State);
        var now = clock.GetUtcNow();
        var grew = state.SeenLength != source.Length;
        var lastRecordComplete = !grew && now - state.SeenAt >= ParsedLogTiming.QuietPeriod;
        state = grew ? state with { SeenLength = source.Length, SeenAtMs = now.ToUnixTimeMilliseconds() } : state;

        var zone = await registry.ForAsync(source, ct);
        var rows = new List<TRow>();
        var position = cursor.Position;
        var lastTime = state.LastTime;
        await using (var stream = await segments.OpenReadAsync(source.Id, cursor.Position, source.Length, ct))
        {
            await foreach (var record in StreamRecords.ReadAsync(stream, cursor.Position, RecordClassifiers.Create(Kind, zone), ct))
            {
                if (record.IsLast && !lastRecordComplete && HoldsLastRecord)
                {
                    break;
                }

                lastTime = Parse(source, record, zone, lastTime ?? record.Time ?? record.NextTime ?? now, rows) ?? lastTime;
                position = record.End;
                if (rows.Count >= BatchRows)
                {
                    await CommitAsync(source, rows, Cursor(position, state, lastTime), fence, ct);
                    rows.Clear();
                }
            }
        }

        if (position != cursor.Position || grew)
        {
            await CommitAsync(source, rows, Cursor(position, state, lastTime), fence, ct);
        }
    }

    /// <summary>Adds the rows of one complete record.</summary>
    /// <param name="fallbackTime">For a record that carries no time of its own.</param>
    /// <returns>The latest time the record's rows carry, or null when it gave none.</returns>
    protected abstract DateTimeOffset? Parse(SourceRecord source, StreamRecord record, TimeZoneInfo zone, DateTimeOffset fallbackTime, List<TRow> rows);

    protected abstract Task CommitAsync(SourceRecord source, IReadOnlyList<TRow> rows, StreamCursor cursor, CursorFence? fence, CancellationToken ct);

    private static StreamCursor Cursor(long position, ParsedLogState state, DateTimeOffset? lastTime) =>
        new(position, (state with { LastTimeMs = lastTime?.ToUnixTimeMilliseconds() }).Write());
}
