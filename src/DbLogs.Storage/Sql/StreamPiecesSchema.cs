namespace DbLogs.Storage.Sql;

/// <summary>
/// The pieces of streams kept as objects of a blob store (several service nodes): each committed append's object, named with
/// its bytes' place in the stream. One migration step, the same text on both stores.
/// </summary>
internal static class StreamPiecesSchema
{
    public const string Sql = """
        CREATE TABLE stream_pieces (
            source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            stream_start BIGINT NOT NULL,
            stream_end BIGINT NOT NULL,
            blob_key TEXT NOT NULL,
            PRIMARY KEY (source_id, stream_start)
        );
        """;
}
