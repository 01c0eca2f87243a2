namespace DbLogs.Collection.Tailing;

/// <summary>
/// What the service acknowledged of one source: its files in shipping order (oldest first). Restarting from it
/// re-reads everything that was not acknowledged.
/// </summary>
public sealed record SourceCheckpoint(IReadOnlyList<FileCheckpoint> Files)
{
    public static SourceCheckpoint Empty { get; } = new([]);
}
