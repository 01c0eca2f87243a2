using DbLogs.Storage.Segments;
using static DbLogs.Tests.Storage.CompressedSegmentTests;

namespace DbLogs.Tests.Storage;

/// <summary>The edges of the compressed store: ranges on frame and segment ends, the ratio it keeps, a compaction killed halfway.</summary>
public sealed class CompressedSegmentEdgeTests : IDisposable
{
    private const int SegmentBytes = 10_000;
    private const int FrameBytes = 1_000;
    private static readonly byte[] Data = LogBytes(25_500, 21);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dblogs-segment-edges-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string SourceDirectory => Path.Combine(_root, SourceId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Two compressed segments of ten 1,000-byte frames, then a raw tail of 5,500 bytes.</summary>
    private SegmentStore Compacted()
    {
        var store = new SegmentStore(_root, SegmentBytes, FrameBytes);
        AppendInPieces(store, Data, 22);
        Assert.Equal(2, CompactAll(store, Data.Length));
        return store;
    }

    [Theory]
    [InlineData(0, 0)] // empty, at the start
    [InlineData(4_500, 4_500)] // empty, inside a compressed frame
    [InlineData(5_000, 5_000)] // empty, on a frame boundary
    [InlineData(20_000, 20_000)] // empty, where the raw tail starts
    [InlineData(25_500, 25_500)] // empty, at the end
    [InlineData(0, 1)] // the first byte
    [InlineData(25_499, 25_500)] // the last byte
    [InlineData(9_999, 10_000)] // the last byte of a compressed segment
    [InlineData(19_999, 20_000)] // the last byte before the raw tail
    [InlineData(10_000, 10_001)] // the first byte of a compressed segment
    [InlineData(3_000, 4_000)] // exactly one frame
    [InlineData(2_999, 4_001)] // one frame and a byte either side
    [InlineData(3_500, 3_501)] // one byte inside a frame
    [InlineData(0, 10_000)] // exactly one segment
    [InlineData(9_000, 11_000)] // across two compressed segments
    [InlineData(19_000, 21_000)] // across a compressed segment and the raw tail
    [InlineData(0, 25_500)] // everything
    public void A_range_reads_exactly_its_bytes(int start, int end)
    {
        var store = Compacted();

        using var stream = store.OpenRead(SourceId, start, end);

        Assert.Equal(end - start, stream.Length);
        Assert.Equal(Data.AsSpan(start, end - start).ToArray(), Read(store, start, end));
    }

    [Fact]
    public void Log_text_is_kept_in_under_a_quarter_of_its_raw_bytes()
    {
        var data = LogBytes(12 << 20, 23);
        var store = new SegmentStore(_root, segmentBytes: 4 << 20);
        for (var at = 0; at < data.Length; at += 1 << 20)
        {
            store.Append(SourceId, at, data.AsSpan(at, 1 << 20));
        }

        Assert.Equal(3, CompactAll(store, data.Length));

        var kept = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(kept <= data.Length / 4, $"{kept} bytes kept for {data.Length} raw");
        Assert.Equal(data, Read(store, 0, data.Length));
    }

    [Fact]
    public void A_compaction_killed_after_its_frames_but_before_its_seek_table_is_cleared_and_done_again()
    {
        var store = new SegmentStore(_root, SegmentBytes, FrameBytes);
        AppendInPieces(store, Data, 24);
        var raw = Path.Combine(SourceDirectory, "00000000000000000000.seg");
        var zst = Path.ChangeExtension(raw, ".zst");
        SegmentCompression.Compress(raw, zst, FrameBytes, SegmentStore.DefaultLevel);
        using (var file = new FileStream(zst, FileMode.Open))
        {
            file.SetLength(file.Length - SeekTable.Encode(new (int, int)[SegmentBytes / FrameBytes]).Length);
        }

        File.Move(zst, zst + SegmentCompression.TempSuffix); // all frames written, the seek table not, the rename not done

        var restarted = new SegmentStore(_root, SegmentBytes, FrameBytes);
        Assert.Equal(Data, Read(restarted, 0, Data.Length));
        restarted.RemoveCompactionLeftovers(SourceId);
        Assert.False(File.Exists(zst + SegmentCompression.TempSuffix));
        Assert.Equal(2, CompactAll(restarted, Data.Length));

        Assert.True(File.Exists(zst));
        Assert.False(File.Exists(raw));
        Assert.Equal(Data, Read(new SegmentStore(_root, SegmentBytes, FrameBytes), 0, Data.Length));
    }

    [Fact]
    public void A_compressed_segment_with_a_damaged_seek_table_fails_the_read_rather_than_serve_other_bytes()
    {
        Compacted();
        var zst = Path.Combine(SourceDirectory, "00000000000000010000.zst");
        var bytes = File.ReadAllBytes(zst);
        bytes[^17]++; // the last frame's compressed size: the frames no longer add up to the file
        File.WriteAllBytes(zst, bytes);

        var restarted = new SegmentStore(_root, SegmentBytes, FrameBytes);

        var error = Assert.Throws<IOException>(() => Read(restarted, 12_000, 13_000));
        Assert.Contains("do not add up", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // killed after the raw form was written, before the compressed one was deleted
    public void A_committed_length_inside_a_compressed_segment_cuts_it_back_to_raw_bytes_that_appends_go_on_from(bool interrupted)
    {
        var store = Compacted();
        var raw = Path.Combine(SourceDirectory, "00000000000000010000.seg");
        if (interrupted)
        {
            File.WriteAllBytes(raw, Data[10_000..12_000]);
        }

        store.TruncateTo(SourceId, 14_321); // as at start-up on a metadata store that lost its last commits

        Assert.Equal(["00000000000000000000.zst", "00000000000000010000.seg"], Directory.EnumerateFiles(SourceDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(4_321, new FileInfo(raw).Length);
        Assert.Equal(14_321, store.PhysicalLength(SourceId));
        Assert.Equal(Data.AsSpan(0, 14_321).ToArray(), Read(store, 0, 14_321));

        var resent = LogBytes(30_000, 25);
        store.Append(SourceId, 14_321, resent);
        Assert.Equal(3, CompactAll(store, 44_321));
        Assert.Equal([.. Data.AsSpan(0, 14_321).ToArray(), .. resent], Read(new SegmentStore(_root, SegmentBytes, FrameBytes), 0, 44_321));
    }
}
