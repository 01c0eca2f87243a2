namespace DbLogs.Collection.Tailing;

/// <summary>
/// Tells which known file each file in the directory is: by dev+inode confirmed by the first bytes, and by the first
/// bytes alone for a copy or compressed form. Keeps fingerprints growing with the files they identify.
/// </summary>
internal sealed class FileMatcher(string path, Func<string, List<RotatedFile>> discover)
{
    private const int MaxLooksForSettledListing = 4;

    private readonly byte[] _head = new byte[Fingerprint.MaxLength];

    /// <param name="Rank">Position in the directory's order, oldest first.</param>
    public readonly record struct Observed(RotatedFile File, FileStat Stat, int Rank);

    /// <summary>Lists the directory and tells each known file whether, where and how large it is now.</summary>
    /// <returns>
    /// The files on disk that match no known file, oldest first; and whether the listing is settled: two looks in a row
    /// that agree.
    /// </returns>
    public (List<Observed> Unknown, bool Settled) Look(List<FileWatcher> files)
    {
        var observed = Observe();
        var unknown = Match(files, observed);
        // A rename between listing the directory and stat-ing a file hides the file from one look. A file we hold no
        // handle on is missing only from a settled listing: two looks in a row that agree, so no rename ran between.
        // New files are added only from a settled listing too: one hidden from this look, found after a newer file
        // was started, could no longer go before it.
        if (unknown.Count == 0 && !files.Exists(f => !f.Present && f.Source is null && !f.DoneReading))
        {
            return (unknown, true);
        }

        var settled = false;
        for (var look = 0; look < MaxLooksForSettledListing && !settled; look++)
        {
            var again = Observe();
            settled = SameListing(observed, again);
            observed = again;
        }

        return (Match(files, observed), settled);
    }

    /// <summary>
    /// Confirms bytes just read, before they are taken. The live file (copytruncate's target) must still start with its
    /// fingerprinted bytes: emptied since the last scan and refilled past the read offset, it holds the new file's bytes,
    /// which must not go out as the old file's (the next scan, which checks the live file's first bytes every time, splits
    /// the new file off, and the old one goes on in its copy). Extends the fingerprint over the bytes read, before they ship: a
    /// checkpoint saved while they are in flight must let a restart recognise the file, and a fingerprint of no complete
    /// line (a file split off or found while empty) recognises none that has grown.
    /// </summary>
    /// <param name="readEnd">The file offset the read reached.</param>
    /// <returns>False when the file's first bytes are no longer the fingerprinted ones.</returns>
    public bool ConfirmRead(FileWatcher file, OpenLogFile source, long readEnd)
    {
        var mayBeReplaced = file.IsLive && !file.Sealed;
        var grows = file.Fingerprint.Length < Fingerprint.MaxLength && readEnd > file.Fingerprint.Length;
        if (source.Compressed || (!mayBeReplaced && !grows))
        {
            return true;
        }

        var head = HeadOf(source);
        if (!file.Fingerprint.Matches(head))
        {
            return !mayBeReplaced;
        }

        if (grows && head.Length > file.Fingerprint.Length)
        {
            file.HeadGrew(Fingerprint.Of(head));
        }

        return true;
    }

    // The live file is checked every scan: content replaced in place that has grown past the old size shows only here.
    // Others only while their fingerprint still grows towards its full length.
    public bool HeadStillMatches(FileWatcher file, OpenLogFile source, long size)
    {
        if (!file.IsLive && (file.Fingerprint.Length == Fingerprint.MaxLength || size <= file.Fingerprint.Length))
        {
            return true;
        }

        var head = HeadOf(source);
        if (!file.Fingerprint.Matches(head))
        {
            return false;
        }

        if (head.Length > file.Fingerprint.Length)
        {
            file.HeadGrew(Fingerprint.Of(head));
        }

        return true;
    }

    /// <summary>
    /// The known file that lost its place (truncated in place, renamed out of sight, deleted) whose first bytes a
    /// rotated file repeats: the rotated file is its copy (copytruncate) or compressed form (logrotate's compress).
    /// </summary>
    public static FileWatcher? CopyOrigin(List<FileWatcher> files, ReadOnlySpan<byte> head, long size)
    {
        foreach (var candidate in files)
        {
            if (!candidate.Present && candidate.Fingerprint.Length > 0 && candidate.Fingerprint.Identifies(head, size))
            {
                return candidate;
            }
        }

        return null;
    }

    // Seen before the truncate of copytruncate (the copy comes first), or a plain `copy` rotation: bytes already read.
    public static bool IsCopyOfPresent(List<FileWatcher> files, long size, ReadOnlySpan<byte> head) => StartsAsPresent(files, head, size);

    /// <summary>Whether the first bytes are those a present file starts with.</summary>
    /// <param name="sizeSeenAtLeast">Only a present file measured at least this long.</param>
    public static bool StartsAsPresent(List<FileWatcher> files, ReadOnlySpan<byte> head, long sizeSeenAtLeast = 0)
    {
        foreach (var file in files)
        {
            if (file.Present && file.Fingerprint.Length > 0 && sizeSeenAtLeast <= file.SizeSeen && file.Fingerprint.Matches(head))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the file's first bytes (up to <see cref="Fingerprint.MaxLength"/>) into the head buffer.</summary>
    /// <returns>False if gzip does not decompress.</returns>
    public bool TryReadHead(OpenLogFile source, out ReadOnlySpan<byte> head)
    {
        try
        {
            head = _head.AsSpan(0, source.ReadHead(_head));
            return true;
        }
        catch (InvalidDataException)
        {
            head = default;
            return false;
        }
    }

    /// <summary>The file's first bytes; none if gzip does not decompress.</summary>
    public ReadOnlySpan<byte> HeadOf(OpenLogFile source) => TryReadHead(source, out var head) ? head : default;

    private List<Observed> Observe()
    {
        var observed = new List<Observed>();
        foreach (var file in discover(path))
        {
            if (FileStat.TryOf(file.Path, out var stat))
            {
                observed.Add(new Observed(file, stat, observed.Count));
            }
        }

        return observed;
    }

    private List<Observed> Match(List<FileWatcher> files, List<Observed> observed)
    {
        foreach (var file in files)
        {
            file.BeginScan();
        }

        var byIdentity = files.Where(f => f.Identity is not null).ToLookup(f => f.Identity!.Value);
        var unknown = new List<Observed>();
        foreach (var seen in observed)
        {
            var file = byIdentity[seen.Stat.Identity].FirstOrDefault(f => !f.Present && IsSameFile(f, seen));
            if (file is null)
            {
                unknown.Add(seen);
                continue;
            }

            file.Seen(seen.File.Path, seen.File.IsLive, seen.Rank, seen.Stat.Size);
        }

        return unknown;
    }

    // Same dev+inode is not enough: after a delete the inode can hold a new file, so the first bytes must agree too.
    private bool IsSameFile(FileWatcher file, Observed seen)
    {
        if (file.Source is { } open && open.Identity == seen.Stat.Identity)
        {
            return true; // the open handle pins the inode: it cannot have been reused
        }

        // A short fingerprint of a sealed file covers all of it, and a sealed file does not grow.
        if (file.EndOffset is { } end && !file.Compressed && file.Fingerprint.Length < Fingerprint.MaxLength &&
            seen.Stat.Size != end)
        {
            return false;
        }

        if ((file.Source is not null || file.DoneReading) && file.VerifiedAs == (seen.File.Path, seen.Stat.Size))
        {
            return true;
        }

        var source = OpenLogFile.TryOpen(seen.File.Path, file.Compressed);
        if (source is null)
        {
            return false;
        }

        var keep = false;
        try
        {
            if (source.Identity != seen.Stat.Identity || !TryReadHead(source, out var head) ||
                !file.Fingerprint.Identifies(head, source.Stat().Size))
            {
                return false;
            }

            file.Verified(seen.File.Path, seen.Stat.Size);
            if (file.Source is null && !file.DoneReading)
            {
                file.Reopened(source);
                keep = true;
            }

            return true;
        }
        finally
        {
            if (!keep)
            {
                source.Dispose();
            }
        }
    }

    private static bool SameListing(List<Observed> first, List<Observed> second) =>
        first.Count == second.Count && first.Zip(second).All(p => p.First.File.Path == p.Second.File.Path && p.First.Stat.Identity == p.Second.Stat.Identity);
}
