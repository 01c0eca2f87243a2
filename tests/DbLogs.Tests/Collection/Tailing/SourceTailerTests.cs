using DbLogs.Collection.Tailing;
using static DbLogs.Tests.Collection.Tailing.TailFiles;

namespace DbLogs.Tests.Collection.Tailing;

public sealed class SourceTailerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new();
    private readonly FakeSink _sink = new();

    private string Live => _dir.File("app.log");

    public void Dispose() => _dir.Dispose();

    private SourceTailer Tailer(SourceCheckpoint? checkpoint = null) => new(Spec(Live), checkpoint, _clock);

    private FileChunk? Next(SourceTailer tailer, int maxBytes = 4096)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return tailer.ReadNext(maxBytes);
    }

    private FileChunk Ship(SourceTailer tailer, FileChunk chunk)
    {
        var (accepted, stored) = _sink.Send(chunk);
        Assert.True(accepted);
        tailer.Acknowledge(chunk.FileId, stored);
        return chunk;
    }

    [Fact]
    public void A_partial_last_line_of_the_live_file_is_held_until_complete()
    {
        Append(Live, "one\ntw");
        using var tailer = Tailer();

        var first = Next(tailer)!;
        Assert.Null(Next(tailer));
        Append(Live, "o\nthr");
        var second = Next(tailer)!;

        Assert.Equal("one\n", Text(first));
        Assert.Equal((4L, "two\n"), (second.Offset, Text(second)));
        Assert.Equal(first.FileId, second.FileId);
        Assert.Null(Next(tailer));
    }

    [Fact]
    public void Chunks_end_at_the_last_line_end_within_max_bytes_and_a_longer_line_is_kept_whole()
    {
        var longLine = new string('x', 100_000) + "\n";
        Append(Live, "aaaa\nbbbb\ncccc\n" + longLine + "dd\n");
        using var tailer = Tailer();

        var chunks = new List<string>();
        while (Next(tailer, maxBytes: 12) is { } chunk)
        {
            chunks.Add(Text(chunk));
        }

        Assert.Equal(["aaaa\nbbbb\n", "cccc\n", longLine, "dd\n"], chunks);
    }

    [Fact]
    public void On_first_start_rotated_files_are_read_oldest_first_then_the_live_file()
    {
        Append(_dir.File("app.log.2"), "old\n");
        Compress(_dir.File("app.log.2"));
        Append(_dir.File("app.log.1"), "middle\n");
        Append(Live, "new\n");
        using var tailer = Tailer();

        var chunks = Drain(tailer, _clock, _sink);

        Assert.Equal(["old\n", "middle\n", "new\n"], chunks.Select(Text));
        Assert.Equal(3, chunks.Select(c => c.FileId).Distinct().Count());
        Assert.All(tailer.Checkpoint.Files.SkipLast(1), f => Assert.True(f.Finished));
        Assert.False(tailer.Checkpoint.Files[^1].Finished);
    }

    [Fact]
    public void A_renamed_file_finishes_once_the_new_live_file_has_data()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\na3");
        File.Move(Live, _dir.File("app.log.1"));

        var beforeNewFile = Drain(tailer, _clock, _sink);
        Append(Live, "b1\n");
        var after = Drain(tailer, _clock, _sink);

        Assert.Equal(["a2\n"], beforeNewFile.Select(Text));
        Assert.Equal(["a3", "b1\n"], after.Select(Text));
        Assert.Equal(first.FileId, after[0].FileId);
        Assert.Equal(_dir.File("app.log.1"), after[0].FilePath);
        Assert.NotEqual(first.FileId, after[1].FileId);
        Assert.Equal("a1\na2\na3", Text(_sink.Stored(first.FileId)));
    }

    [Fact]
    public void Restart_rereads_what_was_not_acknowledged_and_follows_the_file_into_its_gz_form()
    {
        Append(Live, "a1\na2\na3\n");
        SourceCheckpoint checkpoint;
        using (var tailer = Tailer())
        {
            _ = Ship(tailer, Next(tailer, maxBytes: 3)!);
            _ = Next(tailer, maxBytes: 3); // in flight, never acknowledged
            checkpoint = tailer.Checkpoint;
        }

        Append(Live, "a4\n");
        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "b1\n");
        File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
        Compress(_dir.File("app.log.2"));
        File.Move(Live, _dir.File("app.log.1"));

        using var restarted = Tailer(checkpoint);
        var chunks = Drain(restarted, _clock, _sink);

        Assert.Equal(3, checkpoint.Files[0].Offset);
        Assert.Equal(["a2\na3\na4\n", "b1\n"], chunks.Select(Text));
        Assert.Equal(checkpoint.Files[0].Id, chunks[0].FileId);
        Assert.Equal(3, chunks[0].Offset);
        Assert.Equal("a1\na2\na3\na4\n", Text(_sink.Stored(chunks[0].FileId)));
        Assert.Empty(restarted.TakeGaps());
        Assert.True(restarted.Checkpoint.Files[0] is { Compressed: true, Finished: true, Offset: 12 });
    }

    [Fact]
    public void A_rewind_reads_the_file_again_from_what_the_service_holds()
    {
        Append(Live, "a1\na2\na3\n");
        using var tailer = Tailer();
        var first = Next(tailer, maxBytes: 3)!;
        var second = Next(tailer, maxBytes: 3)!;

        var (accepted, stored) = _sink.Send(second);
        tailer.Rewind(second.FileId, stored);
        var again = Drain(tailer, _clock, _sink, maxBytes: 3);

        Assert.False(accepted);
        Assert.Equal(0, stored);
        Assert.Equal([0L, 3L, 6L], again.Select(c => c.Offset));
        Assert.Equal("a1\na2\na3\n", Text(_sink.Stored(first.FileId)));
        Assert.Equal(9, tailer.Checkpoint.Files[0].Offset);
    }

    [Fact]
    public void A_rewind_reads_the_files_read_ahead_after_the_rewound_one_again_from_what_was_acknowledged()
    {
        Append(_dir.File("app.log.1"), "w1\nw2\n");
        Append(Live, "x1\nx2\n");
        using var tailer = Tailer();
        var w1 = Ship(tailer, Next(tailer, maxBytes: 3)!);
        var w2 = Next(tailer, maxBytes: 3)!;
        var x1 = Next(tailer, maxBytes: 3)!; // read ahead while w2 is on its way: the collector drops it with the rewind

        tailer.Rewind(w2.FileId, 3); // the service holds w1 only
        var again = Drain(tailer, _clock, _sink, maxBytes: 3);

        Assert.Equal(("x1\n", 0L), (Text(x1), x1.Offset));
        Assert.Equal(["w2\n", "x1\n", "x2\n"], again.Select(Text));
        Assert.Equal([3L, 0L, 3L], again.Select(c => c.Offset));
        Assert.Equal("w1\nw2\n", Text(_sink.Stored(w1.FileId)));
        Assert.Equal("x1\nx2\n", Text(_sink.Stored(x1.FileId)));
    }

    [Fact]
    public void The_oldest_rotation_overwritten_while_stopped_is_a_gap_of_its_unacknowledged_bytes()
    {
        // MariaDB server_audit, rotations=3: .2 -> .3 overwrites .3, .1 -> .2, live -> .1, new live.
        Append(_dir.File("app.log.3"), "r3-1\nr3-2\n");
        Append(_dir.File("app.log.2"), "r2-1\n");
        Append(_dir.File("app.log.1"), "r1-1\n");
        Append(Live, "l-1\n");
        SourceCheckpoint checkpoint;
        using (var tailer = Tailer())
        {
            _ = Ship(tailer, Next(tailer, maxBytes: 5)!);
            checkpoint = tailer.Checkpoint;
        }

        File.Move(_dir.File("app.log.2"), _dir.File("app.log.3"), overwrite: true);
        File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "n-1\n");

        using var restarted = Tailer(checkpoint);
        var firstRead = _clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        var chunks = Drain(restarted, _clock, _sink);
        chunks.AddRange(Drain(restarted, _clock, _sink));
        var gap = Assert.Single(restarted.TakeGaps());

        Assert.Equal((_dir.File("app.log.3"), 5L, GapReasons.RotatedAway), (gap.FilePath, gap.Bytes, gap.Reason));
        Assert.InRange(gap.DetectedAt, firstRead + TimeSpan.FromSeconds(1), _clock.GetUtcNow()); // a second scan confirmed it
        Assert.Equal(["r2-1\n", "r1-1\n", "l-1\n", "n-1\n"], chunks.Select(Text));
    }

    [Fact]
    public void Copytruncate_goes_on_in_the_copy_and_the_truncated_file_is_a_new_file()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\n");
        File.Copy(Live, _dir.File("app.log.1"));
        using (var truncate = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Append(Live, "b1\n");
        var chunks = Drain(tailer, _clock, _sink);

        Assert.Equal(["a2\n", "b1\n"], chunks.Select(Text));
        Assert.Equal(first.FileId, chunks[0].FileId);
        Assert.NotEqual(first.FileId, chunks[1].FileId);
        Assert.Equal(0, chunks[1].Offset);
        var notice = Assert.Single(tailer.TakeGaps()); // nothing measurable was lost, but the truncation is said
        Assert.Equal((0L, GapReasons.CopytruncateBlindSpot), (notice.Bytes, notice.Reason));
    }

    [Fact]
    public void A_copytruncate_between_scans_is_not_read_as_the_old_file_going_on()
    {
        Append(Live, "a1 2025-11-21 15:28:06 the old file's first line\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\n");
        File.Copy(Live, _dir.File("app.log.1"));
        Truncate(Live);
        Append(Live, "b1 2025-11-21 15:28:08 the new file's first line, longer than the old one\nb2\n");

        var read = tailer.ReadNext(4096)!; // within the scan interval: nothing listed the directory since the truncate
        Ship(tailer, read);
        var chunks = Drain(tailer, _clock, _sink).Prepend(read).ToList();

        Assert.Equal(["a2\n", "b1 2025-11-21 15:28:08 the new file's first line, longer than the old one\nb2\n"], chunks.Select(Text));
        Assert.Equal(first.FileId, chunks[0].FileId);
        Assert.NotEqual(first.FileId, chunks[1].FileId);
        Assert.Equal(0, chunks[1].Offset);
    }

    [Fact]
    public void A_copy_listed_before_its_first_bytes_are_written_is_not_read_as_a_file_of_its_own()
    {
        Append(Live, "a1 2025-11-21 15:28:06 the old file's first line\n");
        using var tailer = Tailer();
        var chunks = new List<FileChunk> { Ship(tailer, Next(tailer)!) };
        Append(Live, "a2\n");
        var copy = _dir.File("app.log.1");
        File.WriteAllBytes(copy, []); // logrotate has created the copy and not yet written to it
        chunks.AddRange(Drain(tailer, _clock, _sink)); // scans list the empty copy
        Append(copy, File.ReadAllText(Live));
        Truncate(Live);
        Append(Live, "b1 2025-11-21 15:28:08 the new file's first line\n");
        chunks.AddRange(Drain(tailer, _clock, _sink));

        Assert.Equal(["a1 2025-11-21 15:28:06 the old file's first line\n", "a2\n", "b1 2025-11-21 15:28:08 the new file's first line\n"],
            chunks.Select(Text));
        Assert.Equal(2, chunks.Select(c => c.FileId).Distinct().Count());
    }

    [Fact]
    public void A_copy_that_grew_past_its_originals_measured_size_during_the_scan_is_not_read_as_a_file_of_its_own()
    {
        Append(Live, "a1 2025-11-21 15:28:06 the old file's first line\n");
        var copy = _dir.File("app.log.1");
        var growBeforeOpen = false;
        using var tailer = new SourceTailer(Spec(Live), null, _clock, RotatedFiles.Discover, (path, compressed) =>
        {
            if (growBeforeOpen && path == copy)
            {
                growBeforeOpen = false; // the server writes and logrotate copies it after the scan measured the live file
                Append(Live, "a3\n");
                Append(copy, "a3\n");
            }

            return OpenLogFile.TryOpen(path, compressed);
        });
        var chunks = new List<FileChunk> { Ship(tailer, Next(tailer)!) };
        Append(Live, "a2\n");
        File.Copy(Live, copy);
        growBeforeOpen = true;
        chunks.AddRange(Drain(tailer, _clock, _sink));
        Truncate(Live);
        Append(Live, "b1 2025-11-21 15:28:08 the new file's first line\n");
        chunks.AddRange(Drain(tailer, _clock, _sink));

        Assert.False(growBeforeOpen);
        Assert.Equal("a1 2025-11-21 15:28:06 the old file's first line\na2\na3\nb1 2025-11-21 15:28:08 the new file's first line\n",
            string.Concat(chunks.Select(Text)));
        Assert.Equal(2, chunks.Select(c => c.FileId).Distinct().Count());
    }

    [Fact]
    public void A_file_emptied_by_copytruncate_before_its_first_read_goes_on_in_its_copy_before_the_new_content()
    {
        Append(_dir.File("app.log.1"), "r1\nr2\n");
        Append(Live, "a1 2025-11-21 15:28:06 the old file's first line\n");
        using var tailer = Tailer();
        var chunks = new List<FileChunk> { Ship(tailer, Next(tailer, maxBytes: 3)!) }; // the scan fingerprints the live file
        Append(Live, "a2\n");
        File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
        File.Copy(Live, _dir.File("app.log.1"));
        Truncate(Live);
        Append(Live, "b1 2025-11-21 15:28:08 the new file's first line\n");

        while (tailer.ReadNext(3) is { } chunk) // within the scan interval: the older file ends, the live one is begun
        {
            chunks.Add(Ship(tailer, chunk));
        }

        chunks.AddRange(Drain(tailer, _clock, _sink));

        Assert.Equal(["r1\n", "r2\n", "a1 2025-11-21 15:28:06 the old file's first line\n", "a2\n", "b1 2025-11-21 15:28:08 the new file's first line\n"],
            chunks.Select(Text));
        Assert.Equal(3, chunks.Select(c => c.FileId).Distinct().Count());
    }

    [Fact]
    public void A_restart_from_a_checkpoint_saved_before_the_first_chunk_of_a_truncated_file_ships_it_once()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        File.Copy(Live, _dir.File("app.log.1"));
        using (var truncate = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Assert.Null(Next(tailer)); // the scan splits the truncated file off while the live file is still empty
        Append(Live, "b1\n");
        var chunk = tailer.ReadNext(4096)!; // no scan: read within the scan interval
        var checkpoint = tailer.Checkpoint; // the agent saves before the first chunk of a new file id ships
        Ship(tailer, chunk);
        tailer.Dispose(); // killed before the next periodic save

        using var restarted = Tailer(checkpoint);
        var chunks = Drain(restarted, _clock, _sink);

        Assert.Equal(("b1\n", 0L), (Text(chunk), chunk.Offset));
        Assert.NotEqual(first.FileId, chunk.FileId);
        Assert.All(chunks, c => Assert.Equal(chunk.FileId, c.FileId)); // read again from the acknowledged offset, same id
        Assert.Equal(2, _sink.FileIds.Count);
        Assert.Equal("b1\n", Text(_sink.Stored(chunk.FileId)));
    }

    [Fact]
    public void A_restart_from_a_checkpoint_saved_before_a_copytruncate_goes_on_in_the_copy_under_the_old_id()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\n");
        var checkpoint = tailer.Checkpoint;
        File.Copy(Live, _dir.File("app.log.1"));
        using (var truncate = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Append(Live, "b1\n");
        var shipped = Ship(tailer, Next(tailer)!); // the copy matched to the old id, a2 shipped, then killed unsaved
        tailer.Dispose();

        using var restarted = Tailer(checkpoint);
        var chunks = Drain(restarted, _clock, _sink);

        Assert.Equal((first.FileId, "a2\n"), (shipped.FileId, Text(shipped)));
        Assert.Equal(["a2\n", "b1\n"], chunks.Select(Text));
        Assert.Equal(first.FileId, chunks[0].FileId);
        Assert.NotEqual(first.FileId, chunks[1].FileId);
        Assert.Equal("a1\na2\n", Text(_sink.Stored(first.FileId)));
        Assert.Equal("b1\n", Text(_sink.Stored(chunks[1].FileId)));
        Assert.Equal(2, _sink.FileIds.Count);
    }

    /// <summary>
    /// The agent read the live file past the end of logrotate's copy (into the blind spot), and was killed before those
    /// bytes were acknowledged: the checkpoint, saved before the truncate or after it (the file gone on in its copy),
    /// has a size larger than the copy's. Neither is a truncation of the copy: shipped again from 0, it would duplicate.
    /// </summary>
    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void A_restart_after_reading_past_the_end_of_a_copytruncate_copy_goes_on_in_the_copy_under_the_old_id(
        bool savedAfterTheTruncate, bool storedBeforeKill)
    {
        var firstLine = "a1 " + new string('x', Fingerprint.MaxLength) + "\n"; // the copy is recognised by a full fingerprint
        Append(Live, firstLine);
        var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\n");
        File.Copy(Live, _dir.File("app.log.1"));
        Append(Live, "a3\n"); // between the copy and the truncate: the blind spot
        var inFlight = Next(tailer)!; // the copy is of the file being read: skipped; a2 and a3 read from the live file
        var checkpoint = tailer.Checkpoint;
        if (savedAfterTheTruncate)
        {
            Truncate(Live);
            Append(Live, "b1\n");
            Ship(tailer, Next(tailer)!); // the scan went on in the copy, already read past its end
            checkpoint = tailer.Checkpoint;
        }

        if (storedBeforeKill)
        {
            _sink.Send(inFlight); // stored, but the answer never arrives
        }

        tailer.Dispose(); // killed
        if (!savedAfterTheTruncate)
        {
            Truncate(Live);
            Append(Live, "b1\n");
        }

        using var restarted = Tailer(checkpoint);
        var chunks = Drain(restarted, _clock, _sink);

        Assert.Equal("a2\na3\n", Text(inFlight));
        Assert.Equal(2, _sink.FileIds.Count);
        var next = _sink.FileIds.Last();
        Assert.All(chunks, c => Assert.Contains(c.FileId, new[] { first.FileId, next }));
        // a3 is not in the copy: it is stored only if it was before the kill (else lost in the blind spot).
        Assert.Equal(firstLine + "a2\n" + (storedBeforeKill ? "a3\n" : ""), Text(_sink.Stored(first.FileId)));
        Assert.Equal("b1\n", Text(_sink.Stored(next)));
        Assert.True(restarted.Checkpoint.Files[0] is { Finished: true });
        // Whether a3 was stored before the kill the agent cannot know: the truncate it did not see is announced, not measured.
        var announced = savedAfterTheTruncate ? [] : new[] { (0L, GapReasons.CopytruncateBlindSpot) };
        Assert.Equal(announced, restarted.TakeGaps().Select(g => (g.Bytes, g.Reason)));
    }

    [Fact]
    public void A_truncated_file_that_grew_past_its_old_size_before_the_scan_reports_no_loss()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        File.Copy(Live, _dir.File("app.log.1"));
        using (var truncate = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Append(Live, "b1 a longer first line\n");
        var chunks = Drain(tailer, _clock, _sink);

        Assert.Equal(["b1 a longer first line\n"], chunks.Select(Text));
        Assert.NotEqual(first.FileId, chunks[0].FileId);
        var notice = Assert.Single(tailer.TakeGaps());
        Assert.Equal((0L, GapReasons.CopytruncateBlindSpot), (notice.Bytes, notice.Reason));
    }

    [Fact]
    public void Truncation_without_a_copy_reports_the_bytes_seen_but_not_read()
    {
        Append(Live, "a1\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer)!);
        Append(Live, "a2\na3\n");
        Assert.NotNull(Next(tailer, maxBytes: 3)); // sees size 9, reads a2
        using (var truncate = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Append(Live, "b1\n");
        var chunks = Drain(tailer, _clock, _sink);
        var gaps = tailer.TakeGaps();
        var gap = Assert.Single(gaps, g => g.Reason != GapReasons.CopytruncateBlindSpot);
        Assert.Single(gaps, g => g.Reason == GapReasons.CopytruncateBlindSpot && g.Bytes == 0);

        Assert.Equal((3L, GapReasons.Copytruncate), (gap.Bytes, gap.Reason));
        Assert.Equal(["b1\n"], chunks.Select(Text));
        Assert.NotEqual(first.FileId, chunks[0].FileId);
    }

    [Fact]
    public void A_new_file_reusing_a_deleted_files_inode_is_not_taken_for_it()
    {
        Append(Live, "first file line 1\nfirst file line 2\n");
        SourceCheckpoint checkpoint;
        string firstId;
        using (var tailer = Tailer())
        {
            firstId = Ship(tailer, Next(tailer, maxBytes: 18)!).FileId;
            checkpoint = tailer.Checkpoint;
        }

        File.Delete(Live);
        Append(Live, "second file, longer than the first one was\n"); // often gets the same inode back

        using var restarted = Tailer(checkpoint);
        // The new file waits until a second scan confirms the old one is gone.
        var chunks = Drain(restarted, _clock, _sink);
        chunks.AddRange(Drain(restarted, _clock, _sink));
        var gap = Assert.Single(restarted.TakeGaps());

        Assert.Equal(["second file, longer than the first one was\n"], chunks.Select(Text));
        Assert.NotEqual(firstId, chunks[0].FileId);
        Assert.Equal(0, chunks[0].Offset);
        Assert.Equal((18L, GapReasons.RotatedAway), (gap.Bytes, gap.Reason));
        Assert.Equal("first file line 1\n", Text(_sink.Stored(firstId)));
    }

    [Fact]
    public void A_waiting_file_missing_from_one_directory_listing_is_not_a_gap()
    {
        // A listing taken while a rotation renames the chain can miss a file the agent has not opened yet.
        Append(_dir.File("app.log.2"), "r2-1\nr2-2\n");
        Append(_dir.File("app.log.1"), "r1-1\n");
        Append(Live, "l-1\n");
        FileChunk first;
        SourceCheckpoint checkpoint;
        using (var tailer = Tailer())
        {
            first = Ship(tailer, Next(tailer, maxBytes: 5)!);
            checkpoint = tailer.Checkpoint;
        }

        // After a restart the agent holds no handle on the files it has not reached yet.
        var hidden = Path.Combine(Path.GetDirectoryName(Live)!, "hidden-during-rename");
        File.Move(_dir.File("app.log.1"), hidden);
        using var restarted = Tailer(checkpoint);
        var during = Ship(restarted, Next(restarted, maxBytes: 5)!);
        File.Move(hidden, _dir.File("app.log.1"));
        var chunks = Drain(restarted, _clock, _sink);

        Assert.Equal(["r2-1\n", "r2-2\n", "r1-1\n", "l-1\n"], new[] { first, during }.Concat(chunks).Select(Text));
        Assert.Empty(restarted.TakeGaps());
    }

    [Fact]
    public void A_new_file_hidden_from_one_listing_by_a_rename_still_goes_before_the_newer_files()
    {
        Append(Live, "x1\n");
        var hideFirstRotation = false;
        using var tailer = new SourceTailer(Spec(Live), null, _clock, path =>
        {
            var files = RotatedFiles.Discover(path);
            if (hideFirstRotation)
            {
                hideFirstRotation = false; // readdir skipped the entry a rename was moving
                files.RemoveAll(f => f.Number == 1);
            }

            return files;
        });
        var first = Ship(tailer, Next(tailer)!);

        // Two rotations between scans: Z is created and rotated away before the tailer ever saw it.
        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "z1\n");
        File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "l1\n");
        hideFirstRotation = true;
        var chunks = Drain(tailer, _clock, _sink);

        Assert.Equal(["x1\n", "z1\n", "l1\n"], new[] { first }.Concat(chunks).Select(Text));
        Assert.Empty(tailer.TakeGaps());
    }

    [Fact]
    public void A_file_renamed_between_the_listing_and_its_open_still_goes_before_the_newer_file_now_at_its_path()
    {
        Append(Live, "x1\n");
        var rotateBeforeOpen = false;
        using var tailer = new SourceTailer(Spec(Live), null, _clock, RotatedFiles.Discover, (path, compressed) =>
        {
            if (rotateBeforeOpen)
            {
                rotateBeforeOpen = false; // the writer rotates after the scan listed the live file, before it opens it
                File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
                File.Move(Live, _dir.File("app.log.1"));
                Append(Live, "l1\n");
            }

            return OpenLogFile.TryOpen(path, compressed);
        });
        var first = Ship(tailer, Next(tailer)!);

        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "z1\n");
        rotateBeforeOpen = true;
        var chunks = Drain(tailer, _clock, _sink);
        chunks.AddRange(Drain(tailer, _clock, _sink));

        Assert.False(rotateBeforeOpen);
        Assert.Equal(["x1\n", "z1\n", "l1\n"], new[] { first }.Concat(chunks).Select(Text));
        Assert.Empty(tailer.TakeGaps());
    }

    [Fact]
    public void A_new_file_is_not_begun_while_the_listing_keeps_changing_so_a_file_it_hid_still_goes_first()
    {
        Append(Live, "x1\n");
        var unsettledLooks = 0;
        using var tailer = new SourceTailer(Spec(Live), null, _clock, path =>
        {
            var files = RotatedFiles.Discover(path);
            if (unsettledLooks > 0 && unsettledLooks-- % 2 == 1)
            {
                files.RemoveAll(f => f.Number == 1); // a rotation renaming the chain during every look of one scan
            }

            return files;
        });
        var first = Ship(tailer, Next(tailer)!);

        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "z1\n");
        File.Move(_dir.File("app.log.1"), _dir.File("app.log.2"));
        File.Move(Live, _dir.File("app.log.1"));
        Append(Live, "l1\n");
        unsettledLooks = 5;
        var whileUnsettled = Drain(tailer, _clock, _sink);
        var settled = Drain(tailer, _clock, _sink);

        Assert.Equal(0, unsettledLooks);
        Assert.Empty(whileUnsettled);
        Assert.Equal(["x1\n", "z1\n", "l1\n"], new[] { first }.Concat(settled).Select(Text));
        Assert.Empty(tailer.TakeGaps());
    }

    [Fact]
    public void A_file_deleted_while_read_is_read_to_its_end_through_the_open_handle()
    {
        Append(Live, "a1\na2\n");
        using var tailer = Tailer();
        var first = Ship(tailer, Next(tailer, maxBytes: 3)!);
        File.Delete(Live);
        Append(Live, "b1\n");

        var chunks = Drain(tailer, _clock, _sink, maxBytes: 3);

        Assert.Equal(["a2\n", "b1\n"], chunks.Select(Text));
        Assert.Equal(first.FileId, chunks[0].FileId);
        Assert.Empty(tailer.TakeGaps());
    }
}
