using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteSourceStore(SqliteDatabase db) : ISourceStore
{
    private const string SourceColumns =
        "id, instance_id AS InstanceId, node_id AS NodeId, kind, length, last_time AS LastTime, last_batch_at AS LastBatchAt, " +
        "last_file_path AS LastFilePath, last_file_size AS LastFileSize, last_error AS LastError, last_error_at AS LastErrorAt";

    private const string FileColumns =
        "source_id AS SourceId, file_id AS FileId, path, stream_start AS StreamStart, file_start AS FileStart, stored_end AS StoredEnd, first_seen AS FirstSeen";

    public async Task<SourceRecord> GetOrCreateSourceAsync(string instanceId, string nodeId, LogKind kind, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new { instanceId, nodeId, kind = kind.Name() };
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sources (instance_id, node_id, kind) VALUES (@instanceId, @nodeId, @kind) ON CONFLICT DO NOTHING", args, cancellationToken: ct));
        var row = await c.QuerySingleAsync<SourceRow>(new CommandDefinition(
            $"SELECT {SourceColumns} FROM sources WHERE instance_id = @instanceId AND node_id = @nodeId AND kind = @kind", args, cancellationToken: ct));
        return row.ToModel();
    }

    public async Task<SourceRecord?> GetSourceAsync(long sourceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(
            $"SELECT {SourceColumns} FROM sources WHERE id = @sourceId", new { sourceId }, cancellationToken: ct));
        return row?.ToModel();
    }

    public Task<StreamCursor?> GetCursorAsync(long sourceId, string consumer, CancellationToken ct = default) =>
        StreamCursorSql.GetAsync(db, sourceId, consumer, ct);

    public Task SetCursorAsync(long sourceId, string consumer, StreamCursor cursor, CursorFence? fence = null, CancellationToken ct = default) =>
        StreamCursorSql.SetAsync(db, sourceId, consumer, cursor, fence, ct);

    public async Task<IReadOnlyList<SourceRecord>> ListSourcesAsync(string? instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<SourceRow>(new CommandDefinition(
            $"SELECT {SourceColumns} FROM sources WHERE @instanceId IS NULL OR instance_id = @instanceId ORDER BY instance_id, node_id, kind",
            new { instanceId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<SourceFileRecord?> GetFileAsync(long sourceId, string fileId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<SourceFileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM source_files WHERE source_id = @sourceId AND file_id = @fileId", new { sourceId, fileId }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<SourceFileRecord>> ListFilesAsync(long sourceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<SourceFileRow>(new CommandDefinition(
            $"SELECT {FileColumns} FROM source_files WHERE source_id = @sourceId ORDER BY stream_start, first_seen", new { sourceId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task CommitAppendAsync(AppendCommit commit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var chunk = commit.Chunk;
        var args = AppendParameters.From(commit);
        var moved = await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sources SET length = @StreamEnd, last_time = COALESCE(@LastTime, last_time), last_batch_at = @At,
                   last_file_path = @FilePath, last_file_size = COALESCE(@ReportedFileSize, last_file_size)
            WHERE id = @SourceId AND length = @StreamStart
            """, args, tx, cancellationToken: ct));
        if (moved == 0)
        {
            throw new AppendConflictException(commit.SourceId, chunk.StreamStart);
        }

        if (commit.NewFile)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO source_files (source_id, file_id, path, stream_start, file_start, stored_end, first_seen)
                VALUES (@SourceId, @FileId, @FilePath, @StreamStart, @FileStart, @StoredEnd, @At)
                """, args, tx, cancellationToken: ct));
        }
        else
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE source_files SET stored_end = @StoredEnd, path = @FilePath WHERE source_id = @SourceId AND file_id = @FileId",
                args, tx, cancellationToken: ct));
        }

        if (commit.PieceKey is not null)
        {
            await c.ExecuteAsync(new CommandDefinition(StreamPieceSql.Insert, args, tx, cancellationToken: ct));
        }

        if (chunk.StreamEnd > chunk.StreamStart)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO source_chunks (source_id, stream_start, stream_end, first_time, last_time)
                VALUES (@SourceId, @StreamStart, @StreamEnd, @FirstTime, @LastTime)
                """, args, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<StreamPiece>> ListPiecesAsync(long sourceId, long start, long end, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. await c.QueryAsync<StreamPiece>(new CommandDefinition(StreamPieceSql.Overlapping, new { sourceId, start, end }, cancellationToken: ct))];
    }

    public async Task ReplacePiecesAsync(long sourceId, StreamPiece merged, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(merged);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(StreamPieceSql.Replace,
            new { SourceId = sourceId, merged.StreamStart, merged.StreamEnd, merged.BlobKey }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<SourceChunk>> FindChunksAsync(long sourceId, TimeWindow window, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ChunkRow>(new CommandDefinition(
            """
            SELECT stream_start AS StreamStart, stream_end AS StreamEnd, first_time AS FirstTime, last_time AS LastTime FROM source_chunks
            WHERE source_id = @sourceId AND last_time >= @Start AND first_time <= @End ORDER BY stream_start
            """, new { sourceId, Start = UnixMs.From(window.Start), End = UnixMs.From(window.End) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task AddGapAsync(long sourceId, SourceGap gap, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO source_gaps (source_id, detected_at, file_path, bytes, reason) VALUES (@sourceId, @At, @FilePath, @Bytes, @Reason)",
            new { sourceId, At = UnixMs.From(gap.DetectedAt), gap.FilePath, gap.Bytes, gap.Reason }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SourceGap>> ListGapsAsync(long sourceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<GapRow>(new CommandDefinition(
            "SELECT detected_at AS DetectedAt, file_path AS FilePath, bytes, reason FROM source_gaps WHERE source_id = @sourceId ORDER BY detected_at",
            new { sourceId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task SetLastErrorAsync(long sourceId, string? error, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE sources SET last_error = @error, last_error_at = @At WHERE id = @sourceId",
            new { sourceId, error, At = UnixMs.From(at) }, cancellationToken: ct));
    }

}
