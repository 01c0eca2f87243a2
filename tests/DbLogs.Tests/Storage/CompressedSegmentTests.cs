using System.Text;
using DbLogs.Storage.Segments;

namespace DbLogs.Tests.Storage;

public sealed class CompressedSegmentTests : IDisposable
{
    private const int SegmentBytes = 10_000;
    private const int FrameBytes = 1_000;
    internal const long SourceId = 7;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dblogs-segments-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Log-like lines of random length (compressible, not uniform), exactly <paramref name="length"/> bytes.</summary>
    internal static byte[] LogBytes(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 200);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("1000:M 05 Dec 2026 10:15:").Append(i % 60).Append(" * line ").Append(i).Append(' ').Append('x', random.Next(0, 150)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private SegmentStore Store() => new(_root, SegmentBytes, FrameBytes);

    internal static void AppendInPieces(SegmentStore store, byte[] data, int seed)
    {
        var random = new Random(seed);
        for (var at = 0; at < data.Length;)
        {
            var piece = Math.Min(data.Length - at, random.Next(1, 3 * FrameBytes));
            store.Append(SourceId, at, data.AsSpan(at, piece));
            at += piece;
        }
    }

    internal static byte[] Read(SegmentStore store, long start, long end, long sourceId = SourceId)
    {
        using var stream = store.OpenRead(sourceId, start, end);
        using var copy = new MemoryStream();
        stream.CopyTo(copy, 777); // an odd buffer size: reads end inside frames
        return copy.ToArray();
    }

    internal static int CompactAll(SegmentStore store, long committed)
    {
        var count = 0;
        while (store.CompactOne(SourceId, committed))
        {
            count++;
        }

        return count;
    }

    private string[] Files(string pattern) =>
        [.. Directory.EnumerateFiles(Path.Combine(_root, SourceId.ToString(System.Globalization.CultureInfo.InvariantCulture)), pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];

    [Fact]
    public void Sealed_segments_become_seekable_zstd_files_and_every_frame_boundary_reads_the_raw_bytes()
    {
        var data = LogBytes(45_500, 1);
        var store = Store();
        AppendInPieces(store, data, 2);

        Assert.Equal(4, CompactAll(store, data.Length));

        Assert.Equal(["00000000000000000000.zst", "00000000000000010000.zst", "00000000000000020000.zst", "00000000000000030000.zst"], Files("*.zst"));
        Assert.Equal(["00000000000000040000.seg"], Files("*.seg")); // the segment being appended to stays raw
        Assert.Equal(data.Length, store.PhysicalLength(SourceId));
        Assert.True(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) < data.Length / 2);
        for (var boundary = 0; boundary <= data.Length; boundary += FrameBytes)
        {
            foreach (var start in new[] { boundary - 1, boundary, boundary + 1 }.Where(s => s >= 0 && s <= data.Length))
            {
                var end = Math.Min(data.Length, start + 1 + (start % 3 * FrameBytes));
                Assert.Equal(data.AsSpan(start, end - start).ToArray(), Read(store, start, end));
            }
        }
    }

    [Fact]
    public void Random_reads_across_compressed_and_raw_segments_equal_the_raw_bytes()
    {
        var data = LogBytes(63_333, 3);
        var store = Store();
        AppendInPieces(store, data, 4);
        store.CompactOne(SourceId, data.Length); // one compressed, the rest raw: both forms in one read
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var start = random.Next(0, data.Length + 1);
            var end = random.Next(start, data.Length + 1);
            Assert.Equal(data.AsSpan(start, end - start).ToArray(), Read(store, start, end));
            if (i == 150)
            {
                CompactAll(store, data.Length);
            }
        }

        Assert.Equal(data, Read(store, 0, data.Length));
    }

    [Fact]
    public void A_compressed_segment_cut_off_and_written_again_is_read_with_its_new_seek_table()
    {
        var first = LogBytes(25_000, 11);
        var store = Store();
        AppendInPieces(store, first, 12);
        CompactAll(store, first.Length);
        Assert.Equal(first.AsSpan(500, 19_000).ToArray(), Read(store, 500, 19_500)); // caches both seek tables

        store.TruncateTo(SourceId, 0); // as at a restart after a crash: the same .zst paths become free again
        var second = LogBytes(24_000, 13);
        AppendInPieces(store, second, 14);
        Assert.Equal(2, CompactAll(store, second.Length));

        Assert.Equal(second.AsSpan(500, 19_000).ToArray(), Read(store, 500, 19_500));
        Assert.Equal(second, Read(store, 0, second.Length));
    }

    [Fact]
    public void A_compressed_segment_is_a_plain_zstd_file_of_the_raw_segment()
    {
        var data = LogBytes(25_000, 6);
        var store = Store();
        AppendInPieces(store, data, 7);
        CompactAll(store, data.Length);

        using var decompressor = new ZstdSharp.DecompressionStream(File.OpenRead(Path.Combine(_root, "7", "00000000000000010000.zst")));
        using var copy = new MemoryStream();
        decompressor.CopyTo(copy);

        Assert.Equal(data.AsSpan(10_000, 10_000).ToArray(), copy.ToArray());
    }

    [Fact]
    public void Segments_holding_uncommitted_bytes_stay_raw_so_a_restart_can_still_cut_them()
    {
        var data = LogBytes(25_000, 8);
        var store = Store();
        AppendInPieces(store, data, 9);

        Assert.Equal(1, CompactAll(store, committed: 19_999)); // the second segment ends past what was committed
        store.TruncateTo(SourceId, 19_999);

        Assert.Equal(["00000000000000000000.zst"], Files("*.zst"));
        Assert.Equal(data.AsSpan(0, 19_999).ToArray(), Read(store, 0, 19_999));
    }

    [Fact]
    public void Leftovers_of_an_interrupted_compaction_are_removed_and_the_compressed_form_wins()
    {
        var data = LogBytes(25_000, 10);
        var store = Store();
        AppendInPieces(store, data, 11);
        CompactAll(store, data.Length);
        var directory = Path.Combine(_root, "7");
        // Killed after the rename, before the raw delete (a stale raw copy that must not be read), and mid-write of another.
        File.WriteAllBytes(Path.Combine(directory, "00000000000000000000.seg"), new byte[10_000]);
        File.WriteAllBytes(Path.Combine(directory, "00000000000000010000.zst.tmp"), [1, 2, 3]);

        var restarted = Store();
        Assert.Equal(data, Read(restarted, 0, data.Length));
        restarted.RemoveCompactionLeftovers(SourceId);

        Assert.Equal(["00000000000000020000.seg"], Files("*.seg"));
        Assert.Empty(Files("*.tmp"));
        Assert.Equal(data, Read(restarted, 0, data.Length));
        Assert.Equal(data.Length, restarted.PhysicalLength(SourceId));
    }

    [Fact]
    public async Task Compaction_runs_safely_beside_appends_and_reads()
    {
        var data = LogBytes(300_000, 12);
        var store = Store();
        long committed = 0;
        using var done = new CancellationTokenSource();
        var appender = Task.Run(() =>
        {
            var random = new Random(13);
            while (committed < data.Length)
            {
                var piece = (int)Math.Min(data.Length - committed, random.Next(1, 4_000));
                store.Append(SourceId, committed, data.AsSpan((int)committed, piece));
                Interlocked.Add(ref committed, piece);
            }
        });
        var compactor = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                if (!store.CompactOne(SourceId, Interlocked.Read(ref committed)))
                {
                    Thread.Sleep(1);
                }
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(20 + r);
            while (!done.IsCancellationRequested)
            {
                var length = (int)Interlocked.Read(ref committed);
                var start = random.Next(0, length + 1);
                var end = random.Next(start, Math.Min(length, start + 25_000) + 1);
                Assert.Equal(data.AsSpan(start, end - start).ToArray(), Read(store, start, end));
            }
        })).ToList();

        await appender;
        done.Cancel();
        await Task.WhenAll([compactor, .. readers]);
        CompactAll(store, data.Length);
        Assert.Equal(30, Files("*.zst").Length); // the last one too: it is full
        Assert.Empty(Files("*.seg"));
        Assert.Equal(data, Read(store, 0, data.Length));
    }
}
