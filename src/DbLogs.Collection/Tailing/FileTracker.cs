using DbLogs.Core.Logs;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// Keeps a source's known files in shipping order (oldest first) in step with the directory, as
/// <see cref="FileMatcher"/> identifies them: splits a file truncated in place, goes on in a file's copy or compressed
/// form, notices files that disappeared unread, seals rotated files, and forgets finished ones.
/// </summary>
/// <param name="open">Opens a file found in the directory (tests stand in one that races a rename).</param>
internal sealed class FileTracker(
    SourceSpec spec, SourceCheckpoint? checkpoint, TimeProvider clock, Func<string, List<RotatedFile>> discover, Func<string, bool, OpenLogFile?> open)
    : IDisposable
{
    private const int ForgetAfterAbsentScans = 3;
    private const int GoneAfterAbsentScans = 2;
    private const int MaxUnsettledScansBeforeStarting = 20;
    private const int MaxLooksAtGrowingCopy = 3;

    private readonly List<FileWatcher> _files = checkpoint is null ? [] : [.. checkpoint.Files.Select(FileWatcher.FromCheckpoint)];
    private readonly List<SourceGap> _gaps = [];
    private readonly FileMatcher _matcher = new(spec.Path, discover);
    private readonly HashSet<FileWatcher> _foundUnsettled = [];
    private readonly Dictionary<FileIdentity, int> _copyLooks = [];
    private int _unsettledScans;

    public IReadOnlyList<FileWatcher> Files => _files;

    /// <summary>
    /// Whether a file may be begun now. Not one found in a listing that kept changing (a rotation renaming the chain)
    /// until a listing settles: a file that listing hid would be found after this newer one was begun, and could no
    /// longer go before it. Its handle is open meanwhile, so nothing rotates away unread; after many unsettled scans in
    /// a row it is begun anyway.
    /// </summary>
    public bool MayStart(FileWatcher file) =>
        file.Started || !_foundUnsettled.Contains(file) || _unsettledScans >= MaxUnsettledScansBeforeStarting;

    public FileWatcher? Find(string id) => _files.Find(f => f.Id == id);

    public void ReportGap(FileWatcher file, long bytes, string reason)
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

    /// <inheritdoc cref="FileMatcher.ConfirmRead"/>
    public bool ConfirmRead(FileWatcher file, OpenLogFile source, long readEnd) => _matcher.ConfirmRead(file, source, readEnd);

    public void Scan()
    {
        var (unknown, settled) = _matcher.Look(_files);
        _unsettledScans = settled ? 0 : _unsettledScans + 1;
        if (settled)
        {
            _foundUnsettled.Clear();
        }

        CheckOpenFiles();
        AddUnknown(unknown, settled);
        ResolveMissing(settled);
        Order();
        Seal();
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Close();
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
            if (TruncatedInPlace(file, source, stat.Size))
            {
                _files.Insert(i + 1, SplitTruncated(file, source, stat.Size));
                i++;
                continue;
            }

            file.Measured(stat.Size);
        }
    }

    /// <summary>
    /// Shorter than seen, or its first bytes replaced. A rotated file shorter than seen whose first bytes still identify
    /// it is not truncated: it is a copytruncate copy, found again after a restart, whose original was read past the
    /// copy's end (into the blind spot) before the truncate; the checkpoint's size counts those bytes.
    /// </summary>
    private bool TruncatedInPlace(FileWatcher file, OpenLogFile source, long size) =>
        size < file.SizeSeen
            ? file.IsLive || !file.Fingerprint.Identifies(_matcher.HeadOf(source), size)
            : !_matcher.HeadStillMatches(file, source, size);

    /// <summary>
    /// Copytruncate: the inode now holds a new file, which gets a new id and starts at 0. The old file's bytes may go
    /// on in the copy (found in <see cref="AddUnknown"/>); what was seen but is in neither is reported as a gap.
    /// Bytes written after logrotate's copy and before its truncate are in neither either, and no stat can measure
    /// them unless one happened to run in that window: that blind spot is copytruncate's own.
    /// </summary>
    private FileWatcher SplitTruncated(FileWatcher file, OpenLogFile source, long size)
    {
        var successor = file.Truncated(Fingerprint.Of(_matcher.HeadOf(source)), size);
        AnnounceBlindSpot(file);
        return successor;
    }

    private void AnnounceBlindSpot(FileWatcher file) =>
        _gaps.Add(new SourceGap(clock.GetUtcNow(), file.Path, 0, GapReasons.CopytruncateBlindSpot));

    private void AddUnknown(List<FileMatcher.Observed> unknown, bool settled)
    {
        foreach (var identity in _copyLooks.Keys.Where(k => !unknown.Exists(u => u.Stat.Identity == k)).ToList())
        {
            _copyLooks.Remove(identity);
        }

        foreach (var seen in unknown)
        {
            var source = open(seen.File.Path, seen.File.Compressed);
            if (source is null)
            {
                continue;
            }

            // Renamed since the listing (a rotation): the path names a newer file now, which would take this one's place
            // in the order. The next scan lists both where they are.
            if (source.Identity != seen.Stat.Identity || !_matcher.TryReadHead(source, out var head))
            {
                source.Dispose(); // or a gzip file that does not decompress: look again next scan
                continue;
            }

            var size = source.Stat().Size;
            if (!seen.File.IsLive && TryAdopt(seen, source, size, head))
            {
                continue;
            }

            if (!seen.File.IsLive && (FileMatcher.IsCopyOfPresent(_files, size, head) || MayBeCopyInProgress(seen.Stat.Identity, size, head)))
            {
                source.Dispose();
                continue;
            }

            var found = FileWatcher.Found(source, Fingerprint.Of(head), seen.File.Path, seen.File.IsLive, seen.Rank, size);
            _files.Add(found);
            if (!settled)
            {
                _foundUnsettled.Add(found);
            }
        }
    }

    /// <summary>
    /// A rotated file that may be a copy logrotate is still writing (copytruncate), taken for a file of its own if added
    /// now: empty (its first bytes not written yet; an empty file has nothing to read anyway), or starting as a present
    /// file does but longer than that file was measured (it grew since). The next scan tells: a copy of the present file,
    /// or, once the original is truncated, its copy to go on in. One that stays longer is added after a few scans.
    /// </summary>
    private bool MayBeCopyInProgress(FileIdentity identity, long size, ReadOnlySpan<byte> head)
    {
        if (size == 0)
        {
            return true;
        }

        if (!FileMatcher.StartsAsPresent(_files, head))
        {
            return false;
        }

        var looks = _copyLooks.GetValueOrDefault(identity) + 1;
        _copyLooks[identity] = looks;
        return looks <= MaxLooksAtGrowingCopy;
    }

    /// <summary>
    /// A rotated file that is a known file's copy or compressed form: the file goes on there, under its id, from where
    /// it was read.
    /// </summary>
    /// <remarks>Takes <paramref name="source"/> when it returns true.</remarks>
    private bool TryAdopt(FileMatcher.Observed seen, OpenLogFile source, long size, ReadOnlySpan<byte> head)
    {
        if (FileMatcher.CopyOrigin(_files, head, size) is not { } file)
        {
            return false;
        }

        var truncated = file.MovedTo(seen.File.Path, source, seen.Rank, seen.Stat.Size);
        if (file.Source is not null || file.DoneReading)
        {
            source.Dispose(); // read on through the handle already open, or nothing left to read
            return true;
        }

        var lost = file.Rotated(source, size); // none for a compressed form, which holds the whole file
        if (truncated)
        {
            ReportGap(file, lost, GapReasons.Copytruncate);
        }
        else if (!source.Compressed)
        {
            // Copied and truncated while the agent was stopped. What its checkpoint saw past the copy's end was written
            // after the copy: the blind spot's, perhaps shipped before the stop. Said, not measured.
            AnnounceBlindSpot(file);
        }

        return true;
    }

    private void ResolveMissing(bool settled)
    {
        // readdir may skip an entry that is being renamed (MariaDB renames its whole chain at every rotation): a file
        // counts as gone only after several settled scans without it, and a finished one is forgotten only after that
        // too, since a forgotten file found again would be new.
        foreach (var file in _files.Where(f => !f.Present && settled))
        {
            file.Missed();
        }

        foreach (var file in _files)
        {
            if (file.WasTruncated)
            {
                ReportGap(file, file.Abandoned(), GapReasons.Copytruncate);
            }
            else if (!file.Present && file.Source is null && !file.DoneReading && file.AbsentScans >= GoneAfterAbsentScans)
            {
                // Deleted, or overwritten by a rotation (MariaDB's oldest), while the agent was not holding it open.
                ReportGap(file, file.Abandoned(), GapReasons.RotatedAway);
            }

            file.CloseIfFinished();
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
                file.Superseded(source.Stat().Size);
            }

            newerHasData |= file.SizeSeen > 0;
        }
    }
}
