namespace DbLogs.Storage.Files;

/// <summary>
/// A collected file read from its source's stream rather than from a copy. Committed stream bytes never change, so the
/// <see cref="Manifest"/> identifies the file's bytes for good: a copy made of them once stays right while the manifest is the same.
/// </summary>
public interface IRangesBacked
{
    RangesManifest Manifest { get; }
}
