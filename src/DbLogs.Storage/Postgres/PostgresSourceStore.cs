using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresSourceStore(PostgresDatabase db) : ISourceStore
{
    private const string ByKey = $"SELECT {SourceRow.Columns} FROM sources WHERE instance_id = @instanceId AND node_id = @nodeId AND kind = @kind";

    public async Task<SourceRecord> GetOrCreateSourceAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct = default)
    {
        // Read first: every batch asks, and an insert that conflicts would still use up a value of the id sequence.
        var args = new { instanceId, nodeId, kind = kind.Name() };
        if (await db.SingleAsync<SourceRow, SourceRecord>(ByKey, args, r => r.ToModel(), ct) is { } found)
        {
            return found;
        }

        await db.RunAsync("INSERT INTO sources (instance_id, node_id, kind) VALUES (@instanceId, @nodeId, @kind) ON CONFLICT DO NOTHING", args, ct);
        return await db.SingleAsync<SourceRow, SourceRecord>(ByKey, args, r => r.ToModel(), ct) ??
            throw new InvalidOperationException($"source ({instanceId}, {nodeId}, {kind.Name()}) was not created: its instance is gone");
    }

    public Task<SourceRecord?> GetSourceAsync(long sourceId, CancellationToken ct = default) =>
        db.SingleAsync<SourceRow, SourceRecord>($"SELECT {SourceRow.Columns} FROM sources WHERE id = @sourceId", new { sourceId }, r => r.ToModel(), ct);

    public Task<StreamCursor?> GetCursorAsync(long sourceId, string consumer, CancellationToken ct = default) =>
        StreamCursorSql.GetAsync(db, sourceId, consumer, ct);

    public Task SetCursorAsync(long sourceId, string consumer, StreamCursor cursor, CursorFence? fence = null, CancellationToken ct = default) =>
        StreamCursorSql.SetAsync(db, sourceId, consumer, cursor, fence, ct);

    public Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? instanceId, CancellationToken ct = default) =>
        db.ListAsync<SourceRow, SourceRecord>(
            $"SELECT {SourceRow.Columns} FROM sources WHERE @instanceId::text IS NULL OR instance_id = @instanceId ORDER BY instance_id, node_id, kind",
            new { instanceId }, r => r.ToModel(), ct);

    public Task<SourceFileRecord?> GetFileAsync(long sourceId, string fileId, CancellationToken ct = default) =>
        db.SingleAsync<SourceFileRow, SourceFileRecord>($"SELECT {SourceFileRow.Columns} FROM source_files WHERE source_id = @sourceId AND file_id = @fileId",
            new { sourceId, fileId }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<SourceFileRecord>> ListFilesAsync(long sourceId, CancellationToken ct = default) =>
        db.ListAsync<SourceFileRow, SourceFileRecord>(
            $"SELECT {SourceFileRow.Columns} FROM source_files WHERE source_id = @sourceId ORDER BY stream_start, first_seen", new { sourceId },
            r => r.ToModel(), ct);

    public async Task CommitAppendAsync(AppendCommit commit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var file = commit.NewFile
            ? """
              INSERT INTO source_files (source_id, file_id, path, stream_start, file_start, stored_end, first_seen)
              SELECT @SourceId, @FileId, @FilePath, @StreamStart, @FileStart, @StoredEnd, @At FROM moved
              """
            : "UPDATE source_files SET stored_end = @StoredEnd, path = @FilePath FROM moved WHERE source_id = @SourceId AND file_id = @FileId";
        var index = commit.Chunk.StreamEnd > commit.Chunk.StreamStart
            ? """
              , chunk AS (INSERT INTO source_chunks (source_id, stream_start, stream_end, first_time, last_time)
                          SELECT @SourceId, @StreamStart, @StreamEnd, @FirstTime, @LastTime FROM moved)
              """
            : string.Empty;
        var piece = commit.PieceKey is null
            ? string.Empty
            : """
              , piece AS (INSERT INTO stream_pieces (source_id, stream_start, stream_end, blob_key)
                          SELECT @SourceId, @StreamStart, @StreamEnd, @PieceKey FROM moved)
              """;
        // One statement: the stream moves only from where this append began (a second node may have committed first; under
        // READ COMMITTED the waiting update re-reads the row and matches nothing), and the file and index rows only with it.
        var moved = await db.ScalarAsync<long>(
            $"""
             WITH moved AS (
                 UPDATE sources SET length = @StreamEnd, last_time = COALESCE(@LastTime, last_time), last_batch_at = @At,
                        last_file_path = @FilePath, last_file_size = COALESCE(@ReportedFileSize, last_file_size)
                 WHERE id = @SourceId AND length = @StreamStart
                 RETURNING id),
             file AS ({file}){index}{piece}
             SELECT count(*) FROM moved
             """,
            AppendParameters.From(commit), ct);
        if (moved == 0)
        {
            throw new AppendConflictException(commit.SourceId, commit.Chunk.StreamStart);
        }
    }

    public Task<IReadOnlyList<StreamPiece>> ListPiecesAsync(long sourceId, long start, long end, CancellationToken ct = default) =>
        db.ListAsync<StreamPiece, StreamPiece>(StreamPieceSql.Overlapping, new { sourceId, start, end }, p => p, ct);

    // Two statements in one command: PostgreSQL runs them in one implicit transaction.
    public Task ReplacePiecesAsync(long sourceId, StreamPiece merged, CancellationToken ct = default) =>
        db.RunAsync(StreamPieceSql.Replace, new { SourceId = sourceId, merged.StreamStart, merged.StreamEnd, merged.BlobKey }, ct);

    public Task<IReadOnlyList<SourceChunk>> FindChunksAsync(long sourceId, TimeWindow window, CancellationToken ct = default) =>
        db.ListAsync<ChunkRow, SourceChunk>(
            """
            SELECT stream_start AS StreamStart, stream_end AS StreamEnd, first_time AS FirstTime, last_time AS LastTime FROM source_chunks
            WHERE source_id = @sourceId AND last_time >= @Start AND first_time <= @End ORDER BY stream_start
            """, new { sourceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End) }, r => r.ToModel(), ct);

    public Task AddGapAsync(long sourceId, SourceGap gap, CancellationToken ct = default) =>
        db.RunAsync("INSERT INTO source_gaps (source_id, detected_at, file_path, bytes, reason) VALUES (@sourceId, @At, @FilePath, @Bytes, @Reason)",
            new { sourceId, At = UnixMs.From(gap.DetectedAt), gap.FilePath, gap.Bytes, gap.Reason }, ct);

    public Task<IReadOnlyList<SourceGap>> ListGapsAsync(long sourceId, CancellationToken ct = default) =>
        db.ListAsync<GapRow, SourceGap>(
            "SELECT detected_at AS DetectedAt, file_path AS FilePath, bytes, reason FROM source_gaps WHERE source_id = @sourceId ORDER BY detected_at",
            new { sourceId }, r => r.ToModel(), ct);

    public Task SetLastErrorAsync(long sourceId, string? error, DateTimeOffset at, CancellationToken ct = default) =>
        db.RunAsync("UPDATE sources SET last_error = @error, last_error_at = @At WHERE id = @sourceId", new { sourceId, error, At = UnixMs.From(at) }, ct);
}
