namespace DbLogs.Collection.Tailing;

/// <summary>
/// The tailer's state for one file (identity, read and acknowledged offsets, the open handle), changed only through
/// the transitions below: what the directory showed, what was read, what the service acknowledged.
/// </summary>
internal sealed class FileWatcher
{
    private FileWatcher(string id, Fingerprint fingerprint, string path)
    {
        Id = id;
        Fingerprint = fingerprint;
        Path = path;
    }

    public string Id { get; }

    /// <summary>Null once the file's inode holds other content (truncated in place).</summary>
    public FileIdentity? Identity { get; private set; }

    public Fingerprint Fingerprint { get; private set; }

    public string Path { get; private set; }

    public bool Compressed { get; private set; }

    public long AckedOffset { get; private set; }

    public long ReadOffset { get; private set; }

    public long SizeSeen { get; private set; }

    /// <summary>No more writes will come: renamed away with a newer file holding data, a copy, or compressed.</summary>
    public bool Sealed { get; private set; }

    /// <summary>Where a sealed file ends; for a compressed one, known once decompression reaches it.</summary>
    public long? EndOffset { get; private set; }

    public OpenLogFile? Source { get; private set; }

    /// <summary>Bytes of it may have been shipped: its place in the order is fixed.</summary>
    public bool Started { get; private set; }

    /// <summary>Found on disk in the current scan.</summary>
    public bool Present { get; private set; }

    /// <summary>Consecutive scans that did not list the file (a listing can miss a file being renamed).</summary>
    public int AbsentScans { get; private set; }

    public bool IsLive { get; private set; }

    /// <summary>Position in the directory's order (oldest first) in the current scan.</summary>
    public int Rank { get; private set; }

    /// <summary>Truncated in place in the current scan; its bytes may go on in a copy (copytruncate).</summary>
    public bool WasTruncated { get; private set; }

    /// <summary>Path and size at which the fingerprint last confirmed the identity; unchanged, no need to re-read.</summary>
    public (string Path, long Size)? VerifiedAs { get; private set; }

    public bool DoneReading => EndOffset is { } end && ReadOffset >= end;

    public bool Finished => EndOffset is { } end && AckedOffset >= end;

    public static FileWatcher FromCheckpoint(FileCheckpoint checkpoint) =>
        new(checkpoint.Id, Fingerprint.FromHex(checkpoint.FingerprintLength, checkpoint.FingerprintSha256), checkpoint.Path)
        {
            Identity = checkpoint is { Device: 0, Inode: 0 } ? null : new FileIdentity(checkpoint.Device, checkpoint.Inode),
            Compressed = checkpoint.Compressed,
            AckedOffset = checkpoint.Offset,
            ReadOffset = checkpoint.Offset,
            SizeSeen = checkpoint.Size,
            Sealed = checkpoint.Finished || checkpoint.Compressed,
            EndOffset = checkpoint.Finished ? checkpoint.Offset : null,
            Started = checkpoint.Offset > 0 || checkpoint.Size > 0,
        };

    /// <summary>A file on disk that matches no known one: a new id, read from its beginning.</summary>
    public static FileWatcher Found(OpenLogFile source, Fingerprint fingerprint, string path, bool isLive, int rank, long size) =>
        new(Guid.NewGuid().ToString(), fingerprint, path)
        {
            Identity = source.Identity,
            Compressed = source.Compressed,
            Source = source,
            Present = true,
            IsLive = isLive,
            Rank = rank,
            SizeSeen = size,
            Sealed = source.Compressed,
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

    /// <summary>A scan begins: the file counts as present only once the listing shows it again.</summary>
    public void BeginScan()
    {
        Present = false;
        IsLive = false;
    }

    /// <summary>The listing shows the file at <paramref name="path"/>, <paramref name="size"/> bytes long.</summary>
    public void Seen(string path, bool isLive, int rank, long size)
    {
        Present = true;
        AbsentScans = 0;
        IsLive = isLive;
        Rank = rank;
        Path = path;
        // An open file's size is taken once its head is checked (Measured): truncated and grown past the old size, the
        // inode's new bytes must not count as the old file's.
        if (!Compressed && (Sealed || Source is null))
        {
            SizeSeen = Math.Max(SizeSeen, size);
        }
    }

    /// <summary>A settled listing did not show the file.</summary>
    public void Missed() => AbsentScans++;

    /// <summary>The fingerprint confirmed the file at this path and size.</summary>
    public void Verified(string path, long size) => VerifiedAs = (path, size);

    public void Reopened(OpenLogFile source) => Source = source;

    /// <summary>The file now has more first bytes: the fingerprint covers them.</summary>
    public void HeadGrew(Fingerprint longer) => Fingerprint = longer;

    /// <summary>The open file's size, its head checked.</summary>
    public void Measured(long size) => SizeSeen = size;

    /// <summary>
    /// Truncated in place: the inode, and the open handle, go to a successor holding the new content; this file is
    /// sealed and loses its identity, its bytes perhaps going on in a copy.
    /// </summary>
    /// <returns>The successor, read from its beginning.</returns>
    public FileWatcher Truncated(Fingerprint successorFingerprint, long size)
    {
        var successor = Found(Source!, successorFingerprint, Path, IsLive, Rank, size);
        successor.Present = Present;
        Source = null;
        Identity = null;
        VerifiedAs = null;
        Present = false;
        IsLive = false;
        Sealed = true;
        WasTruncated = true;
        return successor;
    }

    /// <summary>
    /// Found again at <paramref name="path"/> through <paramref name="copy"/> (its copy or compressed form).
    /// </summary>
    /// <returns>Whether it had been truncated in place in this scan.</returns>
    public bool MovedTo(string path, OpenLogFile copy, int rank, long listedSize)
    {
        Identity = copy.Identity;
        Path = path;
        Compressed = copy.Compressed;
        Present = true;
        Rank = rank;
        VerifiedAs = (path, listedSize);
        var truncated = WasTruncated;
        WasTruncated = false;
        return truncated;
    }

    /// <summary>Reads on from its copy or compressed form, which gets no more writes.</summary>
    /// <returns>Bytes seen that the copy no longer has.</returns>
    public long Rotated(OpenLogFile copy, long size)
    {
        Source = copy;
        Sealed = true;
        if (copy.Compressed)
        {
            EndOffset = null; // known when decompression ends; the chunk reader reports a shortfall then
            SizeSeen = Math.Max(SizeSeen, size);
            return 0;
        }

        var end = Math.Max(size, ReadOffset);
        var lost = SizeSeen - end;
        EndOffset = end;
        SizeSeen = end;
        return lost;
    }

    /// <summary>A newer file holds data: the writer has moved on, and this file ends at <paramref name="size"/>.</summary>
    public void Superseded(long size)
    {
        var end = Math.Max(size, ReadOffset);
        Sealed = true;
        EndOffset = end;
        SizeSeen = Math.Max(SizeSeen, end);
    }

    /// <summary>Gone (deleted, overwritten, or its copy not found): it ends where it was read.</summary>
    /// <returns>Bytes seen beyond that.</returns>
    public long Abandoned()
    {
        var lost = SizeSeen - ReadOffset;
        WasTruncated = false;
        EndAt(ReadOffset);
        return lost;
    }

    /// <summary>Decompression or a sealed file's read reached its end at <paramref name="end"/>.</summary>
    /// <returns>Bytes seen that the file no longer has.</returns>
    public long ReachedEnd(long end)
    {
        var lost = Math.Max(EndOffset ?? 0, SizeSeen) - end;
        EndOffset = end;
        return lost;
    }

    /// <summary>Read up to <paramref name="offset"/>; the file held at least <paramref name="size"/> bytes.</summary>
    public void Advanced(long offset, long size)
    {
        ReadOffset = offset;
        Started = true;
        SizeSeen = Math.Max(SizeSeen, size);
    }

    /// <summary>The service holds the file up to <paramref name="storedOffset"/>.</summary>
    public void Acknowledged(long storedOffset)
    {
        AckedOffset = Math.Max(AckedOffset, storedOffset);
        // More than was read: the service got these bytes before a restart.
        ReadOffset = Math.Max(ReadOffset, AckedOffset);
        CloseIfFinished();
    }

    /// <summary>The service holds less than was sent: read again from <paramref name="storedOffset"/>.</summary>
    /// <returns>Bytes that can no longer be read again (the file is gone).</returns>
    public long Rewound(long storedOffset)
    {
        // Below what was acknowledged is a stale answer: the service confirmed those bytes.
        var from = AckedOffset = Math.Max(AckedOffset, storedOffset);
        var lost = 0L;
        if (Source is null && from < ReadOffset)
        {
            lost = ReadOffset - from;
            EndAt(from);
        }

        ReadOffset = from;
        CloseIfFinished();
        return lost;
    }

    public void CloseIfFinished()
    {
        if (Finished)
        {
            Close();
        }
    }

    public void Close()
    {
        Source?.Dispose();
        Source = null;
    }

    /// <summary>Ends the file at <paramref name="offset"/>: what lies beyond can no longer be read.</summary>
    private void EndAt(long offset)
    {
        Sealed = true;
        EndOffset = offset;
        SizeSeen = offset;
    }
}
