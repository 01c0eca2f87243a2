using DbLogs.Core.Logs;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// Keeps a source's known files in shipping order (oldest first) in step with the directory: follows renames and
/// compression, splits a file truncated in place, notices files that disappeared unread, and seals rotated files.
/// </summary>
internal sealed class FileTracker(SourceSpec spec, SourceCheckpoint? checkpoint, TimeProvider clock, Func<string, List<RotatedFile>> discover)
    : IDisposable
{
    private const int ForgetAfterAbsentScans = 3;
    private const int GoneAfterAbsentScans = 2;
    private const int MaxLooksForSettledListing = 4;

    private readonly List<TrackedFile> _files = checkpoint is null ? [] : [.. checkpoint.Files.Select(TrackedFile.FromCheckpoint)];
    private readonly List<SourceGap> _gaps = [];
    private readonly byte[] _head = new byte[Fingerprint.MaxLength];

    /// <param name="Rank">Position in the directory's order, oldest first.</param>
    private readonly record struct Observed(RotatedFile File, FileStat Stat, int Rank);

    public IReadOnlyList<TrackedFile> Files => _files;

    public TrackedFile? Find(string id) => _files.Find(f => f.Id == id);

    public void ReportGap(TrackedFile file, long bytes, string reason)
    {
        if (bytes > 0)
        {
            _gaps.Add(new SourceGap(clock.GetUtcNow(), file.Path, bytes, reason));
        }
    }

    public IReadOnlyList<SourceGap> TakeGaps()
    {
        var gaps = _gaps.ToArray();
        _gaps.Clear();
        return gaps;
    }

    /// <summary>
    /// Extends the fingerprint of a file just read past it, before the bytes ship. A checkpoint saved while they are in
    /// flight must let a restart recognise the file: a fingerprint of no complete line (a file split off or found while
    /// empty) recognises none that has grown, and a restart would ship its bytes again under a new id.
    /// </summary>
    public void CoverRead(TrackedFile file, OpenLogFile source)
    {
        if (source.Compressed || file.Fingerprint.Length == Fingerprint.MaxLength || file.ReadOffset <= file.Fingerprint.Length)
        {
            return;
        }

        var head = _head.AsSpan(0, ReadHead(source) ?? 0);
        if (head.Length > file.Fingerprint.Length && file.Fingerprint.Matches(head))
        {
            file.Fingerprint = Fingerprint.Of(head); // no match: replaced in place, which the next scan splits off
        }
    }

    public void Scan()
    {
        var observed = Observe();
        var unknown = Match(observed);
        // A rename between listing the directory and stat-ing a file hides the file from one look. A file we hold no
        // handle on is missing only from a settled listing: two looks in a row that agree, so no rename ran between.
        // New files are added only from a settled listing too: one hidden from this look, found after a newer file
        // was started, could no longer go before it.
        var settled = true;
        if (unknown.Count > 0 || _files.Exists(f => !f.Present && f.Source is null && !f.DoneReading))
        {
            settled = false;
            for (var look = 0; look < MaxLooksForSettledListing && !settled; look++)
            {
                var again = Observe();
                settled = SameListing(observed, again);
                observed = again;
            }

            unknown = Match(observed);
        }

        CheckOpenFiles();
        AddUnknown(unknown);
        ResolveMissing(settled);
        Order();
        Seal();
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.CloseSource();
        }
    }

    private List<Observed> Observe()
    {
        var observed = new List<Observed>();
        foreach (var file in discover(spec.Path))
        {
            if (FileStat.TryOf(file.Path, out var stat))
            {
                observed.Add(new Observed(file, stat, observed.Count));
            }
        }

        return observed;
    }

    /// <returns>The files on disk that match no known file, oldest first.</returns>
    private List<Observed> Match(List<Observed> observed)
    {
        foreach (var file in _files)
        {
            file.Present = false;
            file.IsLive = false;
        }

        var byIdentity = _files.Where(f => f.Identity is not null).ToLookup(f => f.Identity!.Value);
        var unknown = new List<Observed>();
        foreach (var seen in observed)
        {
            var file = byIdentity[seen.Stat.Identity].FirstOrDefault(f => !f.Present && IsSameFile(f, seen));
            if (file is null)
            {
                unknown.Add(seen);
                continue;
            }

            file.Present = true;
            file.AbsentScans = 0;
            file.IsLive = seen.File.IsLive;
            file.Rank = seen.Rank;
            file.Path = seen.File.Path;
            // An open file's size is taken in CheckOpenFiles once its head is checked: truncated and grown past the
            // old size, the inode's new bytes must not count as the old file's.
            if (!file.Compressed && (file.Sealed || file.Source is null))
            {
                file.SizeSeen = Math.Max(file.SizeSeen, seen.Stat.Size);
            }
        }

        return unknown;
    }

    // Same dev+inode is not enough: after a delete the inode can hold a new file, so the first bytes must agree too.
    private bool IsSameFile(TrackedFile file, Observed seen)
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
            if (source.Identity != seen.Stat.Identity || ReadHead(source) is not { } length ||
                !file.Fingerprint.Identifies(_head.AsSpan(0, length), source.Stat().Size))
            {
                return false;
            }

            file.VerifiedAs = (seen.File.Path, seen.Stat.Size);
            if (file.Source is null && !file.DoneReading)
            {
                file.Source = source;
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

    private void CheckOpenFiles()
    {
        for (var i = 0; i < _files.Count; i++)
        {
            var file = _files[i];
            if (file.Sealed || file.Source is not { Compressed: false } source)
            {
                continue;
            }

            var stat = source.Stat();
            if (stat.Size < file.SizeSeen || !HeadStillMatches(file, source, stat.Size))
            {
                _files.Insert(i + 1, SplitTruncated(file, source, stat.Size));
                i++;
                continue;
            }

            file.SizeSeen = stat.Size;
        }
    }

    // The live file is checked every scan: content replaced in place that has grown past the old size shows only here.
    // Others only while their fingerprint still grows towards its full length.
    private bool HeadStillMatches(TrackedFile file, OpenLogFile source, long size)
    {
        if (!file.IsLive && (file.Fingerprint.Length == Fingerprint.MaxLength || size <= file.Fingerprint.Length))
        {
            return true;
        }

        var head = _head.AsSpan(0, ReadHead(source) ?? 0);
        if (!file.Fingerprint.Matches(head))
        {
            return false;
        }

        if (head.Length > file.Fingerprint.Length)
        {
            file.Fingerprint = Fingerprint.Of(head);
        }

        return true;
    }

    /// <summary>
    /// Copytruncate: the inode now holds a new file, which gets a new id and starts at 0. The old file's bytes may go
    /// on in the copy (found in <see cref="AddUnknown"/>); what was seen but is in neither is reported as a gap.
    /// Bytes written after logrotate's copy and before its truncate are in neither either, and no stat can measure
    /// them unless one happened to run in that window: that blind spot is copytruncate's own.
    /// </summary>
    private TrackedFile SplitTruncated(TrackedFile file, OpenLogFile source, long size)
    {
        var successor = new TrackedFile(TrackedFile.NewId())
        {
            Identity = source.Identity,
            Fingerprint = Fingerprint.Of(_head.AsSpan(0, ReadHead(source) ?? 0)),
            Path = file.Path,
            Source = source,
            Present = file.Present,
            IsLive = file.IsLive,
            Rank = file.Rank,
            SizeSeen = size,
        };
        file.Source = null;
        file.Identity = null;
        file.VerifiedAs = null;
        file.Present = false;
        file.IsLive = false;
        file.Sealed = true;
        file.Truncated = true;
        _gaps.Add(new SourceGap(clock.GetUtcNow(), file.Path, 0, GapReasons.CopytruncateBlindSpot));
        return successor;
    }

    private void AddUnknown(List<Observed> unknown)
    {
        foreach (var seen in unknown)
        {
            var source = OpenLogFile.TryOpen(seen.File.Path, seen.File.Compressed);
            if (source is null)
            {
                continue;
            }

            if (ReadHead(source) is not { } length)
            {
                source.Dispose(); // a gzip file that does not decompress: look again next scan
                continue;
            }

            var head = _head.AsSpan(0, length);
            var size = source.Stat().Size;
            if (!seen.File.IsLive && TryAdopt(seen, source, size, head))
            {
                continue;
            }

            if (!seen.File.IsLive && IsCopyOfPresent(size, head))
            {
                source.Dispose();
                continue;
            }

            var file = new TrackedFile(TrackedFile.NewId())
            {
                Identity = source.Identity,
                Fingerprint = Fingerprint.Of(head),
                Path = seen.File.Path,
                Compressed = source.Compressed,
                Source = source,
                Present = true,
                IsLive = seen.File.IsLive,
                Rank = seen.Rank,
                SizeSeen = size,
                Sealed = source.Compressed,
            };
            _files.Add(file);
        }
    }

    /// <summary>
    /// A rotated file that repeats the first bytes of a known file that lost its place (truncated in place, renamed
    /// out of sight, deleted) is that file's copy (copytruncate) or compressed form (logrotate's compress): the file
    /// goes on there, under its id, from where it was read.
    /// </summary>
    /// <remarks>Takes <paramref name="source"/> when it returns true.</remarks>
    private bool TryAdopt(Observed seen, OpenLogFile source, long size, ReadOnlySpan<byte> head)
    {
        TrackedFile? file = null;
        foreach (var candidate in _files)
        {
            if (!candidate.Present && candidate.Fingerprint.Length > 0 && candidate.Fingerprint.Identifies(head, size))
            {
                file = candidate;
                break;
            }
        }

        if (file is null)
        {
            return false;
        }

        file.Identity = source.Identity;
        file.Path = seen.File.Path;
        file.Compressed = source.Compressed;
        file.Present = true;
        file.Rank = seen.Rank;
        file.VerifiedAs = (seen.File.Path, seen.Stat.Size);
        var truncated = file.Truncated;
        file.Truncated = false;
        if (file.Source is not null || file.DoneReading)
        {
            source.Dispose(); // read on through the handle already open, or nothing left to read
            return true;
        }

        file.Source = source;
        file.Sealed = true;
        if (source.Compressed)
        {
            file.EndOffset = null; // known when decompression ends; the chunk reader reports a shortfall then
            file.SizeSeen = Math.Max(file.SizeSeen, size);
            return true;
        }

        var end = Math.Max(size, file.ReadOffset);
        ReportGap(file, file.SizeSeen - end, truncated ? GapReasons.Copytruncate : GapReasons.RotatedAway);
        file.EndOffset = end;
        file.SizeSeen = end;
        return true;
    }

    // Seen before the truncate of copytruncate (the copy comes first), or a plain `copy` rotation: bytes already read.
    private bool IsCopyOfPresent(long size, ReadOnlySpan<byte> head)
    {
        foreach (var file in _files)
        {
            if (file.Present && file.Fingerprint.Length > 0 && size <= file.SizeSeen && file.Fingerprint.Matches(head))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameListing(List<Observed> first, List<Observed> second) =>
        first.Count == second.Count && first.Zip(second).All(p => p.First.File.Path == p.Second.File.Path && p.First.Stat.Identity == p.Second.Stat.Identity);

    private void ResolveMissing(bool settled)
    {
        // readdir may skip an entry that is being renamed (MariaDB renames its whole chain at every rotation): a file
        // counts as gone only after several settled scans without it, and a finished one is forgotten only after that
        // too, since a forgotten file found again would be new.
        foreach (var file in _files.Where(f => !f.Present && settled))
        {
            file.AbsentScans++;
        }

        foreach (var file in _files)
        {
            if (file.Truncated)
            {
                file.Truncated = false;
                ReportGap(file, file.SizeSeen - file.ReadOffset, GapReasons.Copytruncate);
                file.EndAt(file.ReadOffset);
            }
            else if (!file.Present && file.Source is null && !file.DoneReading && file.AbsentScans >= GoneAfterAbsentScans)
            {
                // Deleted, or overwritten by a rotation (MariaDB's oldest), while the agent was not holding it open.
                ReportGap(file, file.SizeSeen - file.ReadOffset, GapReasons.RotatedAway);
                file.EndAt(file.ReadOffset);
            }

            if (file.Finished)
            {
                file.CloseSource();
            }
        }

        _files.RemoveAll(f => f is { Present: false, Source: null, Finished: true, AbsentScans: >= ForgetAfterAbsentScans });
    }

    /// <summary>
    /// Files after the last one the service may have begun to receive, and still on disk, take the directory's order:
    /// new files are appended, and a file matched by inode alone (an empty one) may have moved. The service appends
    /// whole files one after the other, so nothing goes before a file already started.
    /// </summary>
    private void Order()
    {
        var slots = new List<int>();
        for (var i = _files.FindLastIndex(f => f.Started) + 1; i < _files.Count; i++)
        {
            if (_files[i].Present)
            {
                slots.Add(i);
            }
        }

        var ordered = slots.Select(i => _files[i]).OrderBy(f => f.Rank).ToList();
        for (var k = 0; k < slots.Count; k++)
        {
            _files[slots[k]] = ordered[k];
        }
    }

    /// <summary>
    /// A file renamed away from the live path is sealed (its end fixed) once a newer file holds data: the writer has
    /// moved on. Until then it may still grow: MariaDB's slow and error logs are written through the old handle until
    /// the flush that follows logrotate's rename.
    /// </summary>
    private void Seal()
    {
        var newerHasData = false;
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            var file = _files[i];
            if (newerHasData && !file.Sealed && !file.IsLive && file.Source is { } source)
            {
                var end = Math.Max(source.Stat().Size, file.ReadOffset);
                file.Sealed = true;
                file.EndOffset = end;
                file.SizeSeen = Math.Max(file.SizeSeen, end);
            }

            newerHasData |= file.SizeSeen > 0;
        }
    }

    /// <summary>Reads the file's first bytes (up to <see cref="Fingerprint.MaxLength"/>) into the head buffer.</summary>
    /// <returns>How many; null if gzip does not decompress.</returns>
    private int? ReadHead(OpenLogFile source)
    {
        try
        {
            return source.ReadHead(_head);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
