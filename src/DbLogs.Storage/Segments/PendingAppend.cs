namespace DbLogs.Storage.Segments;

/// <summary>
/// Bytes an append has written but perhaps not yet made durable (<see cref="IStreamStore.WriteAsync"/>). Nothing may commit them
/// before <see cref="Sync"/> has returned; disposing without syncing leaves them uncommitted, for start-up or the next append to cut off.
/// </summary>
/// <param name="piece">The key the append's commit must name (<see cref="Sources.AppendCommit.PieceKey"/>), or null.</param>
/// <param name="sync">Makes the bytes durable; null when they already are.</param>
/// <param name="held">What the bytes are held through until synced (open files), released by <see cref="Dispose"/>.</param>
public sealed class PendingAppend(string? piece, Action? sync = null, IDisposable? held = null) : IDisposable
{
    public string? Piece => piece;

    /// <summary>Makes the written bytes durable.</summary>
    public void Sync() => sync?.Invoke();

    public void Dispose() => held?.Dispose();
}
