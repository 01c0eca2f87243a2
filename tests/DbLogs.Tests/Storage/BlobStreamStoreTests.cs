using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DbLogs.Tests.Storage;

/// <summary>
/// Streams kept as blob pieces, on each store and a directory of blobs: reads across pieces give the committed bytes, an
/// object stored but never committed is never read, and a piece gone from the blob store is an error, never short data.
/// </summary>
public sealed class SqliteBlobStreamStoreTests : BlobStreamStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresBlobStreamStoreTests : BlobStreamStoreTests<PostgresStorageUnderTest>;

public abstract class BlobStreamStoreTests<TStorage> : StoreTests<TStorage>, IDisposable where TStorage : IStorageUnderTest, new()
{
    private readonly string _blobRoot = Directory.CreateTempSubdirectory("dblogs-blob-streams-").FullName;
    private readonly ManualClock _clock = new(T0);

    public void Dispose()
    {
        Directory.Delete(_blobRoot, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Reads_across_pieces_give_the_committed_bytes_and_never_an_uncommitted_object()
    {
        var (streams, sources, source) = await StreamAsync();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        long at = 0;
        foreach (var size in new[] { 1, 99, 300, 600 })
        {
            var key = await streams.AppendAsync(source, at, data.AsMemory((int)at, size));
            await sources.CommitAppendAsync(new AppendCommit(source, "f1", "/a.log", at == 0, 0, at + size, new SourceChunk(at, at + size, T0, T0), null, T0, key));
            at += size;
        }

        // Stored but never committed (a node killed before its commit): named by no piece.
        Assert.NotNull(await streams.AppendAsync(source, at, new byte[] { 1, 2, 3 }));

        foreach (var (start, end) in new[] { (0, 1000), (0, 1), (1, 100), (50, 450), (399, 401), (999, 1000), (500, 500) })
        {
            Assert.Equal(data[start..end], await ReadAsync(streams, source, start, end));
        }

        await Assert.ThrowsAsync<IOException>(() => streams.OpenReadAsync(source, 990, 1003));
    }

    [Fact]
    public async Task A_piece_missing_from_the_blob_store_fails_the_read()
    {
        var (streams, sources, source) = await StreamAsync();
        var key = await streams.AppendAsync(source, 0, new byte[100]);
        await sources.CommitAppendAsync(new AppendCommit(source, "f1", "/a.log", true, 0, 100, new SourceChunk(0, 100, T0, T0), null, T0, key));
        await new LocalBlobStore(_blobRoot).DeleteAsync(key!);

        await Assert.ThrowsAsync<IOException>(() => ReadAsync(streams, source, 0, 100));
    }

    [Fact]
    public async Task The_sweep_deletes_objects_no_commit_names_once_older_than_the_grace_and_keeps_every_committed_one()
    {
        var (streams, sources, source) = await StreamAsync();
        var blobs = new LocalBlobStore(_blobRoot);
        var sweeper = new UncommittedPieceSweeper(blobs, sources, _clock, NullLogger<UncommittedPieceSweeper>.Instance);
        var first = await streams.AppendAsync(source, 0, new byte[] { 1, 2 });
        await sources.CommitAppendAsync(new AppendCommit(source, "f1", "/a.log", true, 0, 2, new SourceChunk(0, 2, T0, T0), null, T0, first));
        var lost = await streams.AppendAsync(source, 2, new byte[] { 3 }); // the loser of a race, or a node killed before its commit
        _clock.Advance(TimeSpan.FromMinutes(50));
        var late = await streams.AppendAsync(source, 2, new byte[] { 4 }); // stored, its commit still to come

        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Null(await blobs.LengthAsync(lost!));
        Assert.NotNull(await blobs.LengthAsync(late!));

        await sources.CommitAppendAsync(new AppendCommit(source, "f1", "/a.log", false, 0, 3, new SourceChunk(2, 3, T0, T0), null, T0, late));
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(new byte[] { 1, 2, 4 }, await ReadAsync(streams, source, 0, 3));
    }

    [Fact]
    public async Task Compaction_replaces_each_segments_worth_of_raw_pieces_by_one_compressed_piece_and_a_read_begun_before_goes_on()
    {
        var (streams, sources, source) = await StreamAsync(segmentBytes: 100);
        var data = Enumerable.Range(0, 380).Select(i => (byte)('a' + (i % 26))).ToArray();
        long at = 0;
        while (at < data.Length)
        {
            var size = (int)Math.Min(30, data.Length - at);
            var key = await streams.AppendAsync(source, at, data.AsMemory((int)at, size));
            await sources.CommitAppendAsync(new AppendCommit(source, "f1", "/a.log", at == 0, 0, at + size, new SourceChunk(at, at + size, T0, T0), null, T0, key));
            at += size;
        }

        await using var early = await streams.OpenReadAsync(source, 0, 380);
        var head = new byte[10];
        await early.ReadExactlyAsync(head);

        var made = await streams.CompactAsync(source);

        // Three runs of 30-byte pieces reach 100 bytes (0-120, 120-240, 240-360); the last 20 bytes stay raw until more come.
        Assert.Equal(3, made);
        var pieces = await sources.ListPiecesAsync(source, 0, 380);
        Assert.Equal([(0L, 120L), (120L, 240L), (240L, 360L), (360L, 380L)], pieces.Select(p => (p.StreamStart, p.StreamEnd)));
        Assert.Equal([true, true, true, false], pieces.Select(p => p.BlobKey.EndsWith(".zst", StringComparison.Ordinal)));

        _clock.Advance(TimeSpan.FromHours(2)); // the raw objects are collected...
        Assert.Equal(12, await new UncommittedPieceSweeper(new LocalBlobStore(_blobRoot), sources, _clock, NullLogger<UncommittedPieceSweeper>.Instance)
            .SweepAsync(CancellationToken.None));
        using var rest = new MemoryStream();
        await early.CopyToAsync(rest); // ...and the read begun before goes on from the compressed pieces
        Assert.Equal(data, head.Concat(rest.ToArray()).ToArray());
        foreach (var (start, end) in new[] { (0, 380), (5, 6), (119, 121), (100, 375), (355, 380), (239, 240) })
        {
            Assert.Equal(data[start..end], await ReadAsync(streams, source, start, end));
        }
    }

    private async Task<(BlobStreamStore Streams, ISourceStore Sources, long Source)> StreamAsync(long segmentBytes = 1 << 20)
    {
        var instance = await InstanceAsync(DbLogs.Storage.Registry.Engine.Mysql, "n1");
        var sources = Store<ISourceStore>();
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        return (new BlobStreamStore(new LocalBlobStore(_blobRoot), sources, _clock, segmentBytes), sources, source.Id);
    }

    private static async Task<byte[]> ReadAsync(BlobStreamStore streams, long source, long start, long end)
    {
        await using var stream = await streams.OpenReadAsync(source, start, end);
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes, 7); // small reads: pieces end mid-buffer
        return bytes.ToArray();
    }
}
