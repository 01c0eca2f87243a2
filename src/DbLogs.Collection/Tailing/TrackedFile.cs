namespace DbLogs.Collection.Tailing;

/// <summary>The tailer's state for one file: identity, read and acknowledged offsets, the open handle.</summary>
internal sealed class TrackedFile(string id)
{
    public string Id { get; } = id;

    /// <summary>Null once the file's inode holds other content (truncated in place).</summary>
    public FileIdentity? Identity { get; set; }

    public required Fingerprint Fingerprint { get; set; }

    public required string Path { get; set; }

    public bool Compressed { get; set; }

    public long AckedOffset { get; set; }

    public long ReadOffset { get; set; }

    public long SizeSeen { get; set; }

    /// <summary>No more writes will come: renamed away with a newer file holding data, a copy, or compressed.</summary>
    public bool Sealed { get; set; }

    /// <summary>Where a sealed file ends; for a compressed one, known once decompression reaches it.</summary>
    public long? EndOffset { get; set; }

    public OpenLogFile? Source { get; set; }

    /// <summary>Bytes of it may have been shipped: its place in the order is fixed.</summary>
    public bool Started { get; set; }

    /// <summary>Found on disk in the current scan.</summary>
    public bool Present { get; set; }

    /// <summary>Consecutive scans that did not list the file (a listing can miss a file being renamed).</summary>
    public int AbsentScans { get; set; }

    public bool IsLive { get; set; }

    /// <summary>Position in the directory's order (oldest first) in the current scan.</summary>
    public int Rank { get; set; }

    /// <summary>Truncated in place in the current scan; its bytes may go on in a copy (copytruncate).</summary>
    public bool Truncated { get; set; }

    /// <summary>Path and size at which the fingerprint last confirmed the identity; unchanged, no need to re-read.</summary>
    public (string Path, long Size)? VerifiedAs { get; set; }

    public bool DoneReading => EndOffset is { } end && ReadOffset >= end;

    public bool Finished => EndOffset is { } end && AckedOffset >= end;

    public static string NewId() => Guid.NewGuid().ToString();

    public static TrackedFile FromCheckpoint(FileCheckpoint checkpoint) => new(checkpoint.Id)
    {
        Identity = checkpoint is { Device: 0, Inode: 0 } ? null : new FileIdentity(checkpoint.Device, checkpoint.Inode),
        Fingerprint = Fingerprint.FromHex(checkpoint.FingerprintLength, checkpoint.FingerprintSha256),
        Path = checkpoint.Path,
        Compressed = checkpoint.Compressed,
        AckedOffset = checkpoint.Offset,
        ReadOffset = checkpoint.Offset,
        SizeSeen = checkpoint.Size,
        Sealed = checkpoint.Finished || checkpoint.Compressed,
        EndOffset = checkpoint.Finished ? checkpoint.Offset : null,
        Started = checkpoint.Offset > 0 || checkpoint.Size > 0,
    };

    public FileCheckpoint ToCheckpoint() => new(
        Id,
        Identity?.Device ?? 0,
        Identity?.Inode ?? 0,
        Fingerprint.Length,
        Fingerprint.HashHex,
        Path,
        Compressed,
        AckedOffset,
        Math.Max(SizeSeen, AckedOffset),
        Finished);

    /// <summary>Ends the file at <paramref name="offset"/>: what lies beyond can no longer be read.</summary>
    public void EndAt(long offset)
    {
        Sealed = true;
        EndOffset = offset;
        SizeSeen = offset;
    }

    public void CloseSource()
    {
        Source?.Dispose();
        Source = null;
    }
}
