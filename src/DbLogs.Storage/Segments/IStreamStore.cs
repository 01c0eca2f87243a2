namespace DbLogs.Storage.Segments;

/// <summary>
/// Where the bytes of the source streams are kept: the segment files of the data directory (<see cref="SegmentStore"/>, one service
/// node) or pieces in a blob store every node reads (<see cref="BlobStreamStore"/>, several). Bytes are stored before the metadata
/// store commits them; only committed bytes are ever read.
/// </summary>
public interface IStreamStore
{
    /// <summary>
    /// Stores <paramref name="data"/> durably as the stream's bytes from <paramref name="at"/> (its committed end). Answers the key of
    /// the piece the append's commit must name (<see cref="Sources.AppendCommit.PieceKey"/>), or null when the store needs none.
    /// </summary>
    Task<string?> AppendAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default);

    /// <summary>
    /// Stores <paramref name="data"/> as <see cref="AppendAsync"/> does, but may answer before the bytes are durable: they are once
    /// the answer's <see cref="PendingAppend.Sync"/> has returned, and no commit may name them before that.
    /// </summary>
    Task<PendingAppend> WriteAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default);

    /// <summary>Streams committed bytes [<paramref name="start"/>, <paramref name="end"/>) of a source, forward only.</summary>
    Task<Stream> OpenReadAsync(long sourceId, long start, long end, CancellationToken ct = default);

    /// <summary>
    /// At start-up: drops what was stored past <paramref name="committedLength"/> but never committed (a crash in between), and
    /// fails when the committed bytes are not where this store keeps them.
    /// </summary>
    Task RecoverAsync(long sourceId, long committedLength, CancellationToken ct = default);
}
