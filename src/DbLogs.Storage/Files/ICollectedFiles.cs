namespace DbLogs.Storage.Files;

/// <summary>
/// Files cut from the source streams for download (Redis day files, audit files), by area and id: in the data directory
/// (<see cref="CollectedFileStore"/>) or, with several service nodes, in the blob store (<see cref="BlobCollectedFiles"/>).
/// </summary>
public interface ICollectedFiles
{
    /// <summary>Writes (or replaces) a file as the stream ranges it consists of; returns its length (the ranges' total).</summary>
    Task<long> WriteRangesAsync(string area, string id, RangesManifest manifest, CancellationToken ct = default);

    /// <summary>The file's bytes as a seekable stream of known length; null when it does not exist.</summary>
    /// <exception cref="ArgumentException">The area or id is not a name the store gives.</exception>
    Task<Stream?> OpenReadAsync(string area, string id, CancellationToken ct = default);

    Task<bool> ExistsAsync(string area, string id, CancellationToken ct = default);

    /// <summary>Removes the file; true when it existed.</summary>
    Task<bool> DeleteAsync(string area, string id, CancellationToken ct = default);
}
