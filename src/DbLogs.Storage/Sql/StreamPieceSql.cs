namespace DbLogs.Storage.Sql;

/// <summary>The statements on <c>stream_pieces</c> both stores run as they are.</summary>
internal static class StreamPieceSql
{
    public const string Insert =
        "INSERT INTO stream_pieces (source_id, stream_start, stream_end, blob_key) VALUES (@SourceId, @StreamStart, @StreamEnd, @PieceKey)";

    // The pieces a compaction merged go, the merged one comes, in one transaction.
    public const string Replace = """
        DELETE FROM stream_pieces WHERE source_id = @SourceId AND stream_start >= @StreamStart AND stream_end <= @StreamEnd;
        INSERT INTO stream_pieces (source_id, stream_start, stream_end, blob_key) VALUES (@SourceId, @StreamStart, @StreamEnd, @BlobKey);
        """;

    public const string Overlapping = """
        SELECT stream_start AS StreamStart, stream_end AS StreamEnd, blob_key AS BlobKey FROM stream_pieces
        WHERE source_id = @sourceId AND stream_start < @end AND stream_end > @start
          AND stream_start >= COALESCE((SELECT max(stream_start) FROM stream_pieces WHERE source_id = @sourceId AND stream_start <= @start), 0)
        ORDER BY stream_start
        """;
}
