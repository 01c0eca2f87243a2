using System.Globalization;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>A store that lost commits the compactor had already compressed behind (restored from a backup) still starts.</summary>
public sealed class RestoredStoreTests : IDisposable
{
    private static readonly byte[] Stream = CompressedSegmentTests.LogBytes(25_500, 60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dblogs-restored-" + Guid.NewGuid().ToString("N"));
    private readonly string _backup = Path.Combine(Path.GetTempPath(), "dblogs-restored-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_backup, recursive: true);
    }

    private Task<TestApp> StartAsync() => TestApp.StartAsync(dataDirectory: _data,
        services: s => s.AddSingleton(sp => new SegmentStore(sp.GetRequiredService<DataDirectory>().StreamsPath, 10_000, 1_000)));

    private static async Task AppendAsync(TestApp app, long sourceId, long from, long to)
    {
        app.Services.GetRequiredService<SegmentStore>().Append(sourceId, from, Stream.AsSpan((int)from, (int)(to - from)));
        await app.Services.GetRequiredService<ISourceStore>().CommitAppendAsync(new AppendCommit(sourceId, "f1", "/var/log/redis/redis-server.log",
            from == 0, 0, to, new SourceChunk(from, to, null, null), to, DateTimeOffset.UtcNow));
        await app.Services.GetRequiredService<SegmentCompactor>().CompactAsync(sourceId, CancellationToken.None);
    }

    private static void CopyStore(string from, string to)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // no pooled handle keeps the stopped service's store open
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "dblogs.db*"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    [Fact]
    public async Task The_stream_is_cut_back_inside_a_compressed_segment_and_appends_go_on_from_the_restored_length()
    {
        long sourceId;
        await using (var app = await StartAsync())
        {
            var instance = await app.CreateRedisInstanceAsync(await app.CreateProjectAsync());
            sourceId = (await app.Services.GetRequiredService<ISourceStore>().GetOrCreateSourceAsync(instance, "r00", LogKind.RedisRun)).Id;
            await AppendAsync(app, sourceId, 0, 14_321);
        }

        CopyStore(_data, _backup);
        await using (var app = await StartAsync())
        {
            await AppendAsync(app, sourceId, 14_321, 25_500); // compresses the segment holding byte 14,321
        }

        var directory = Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture));
        Assert.True(File.Exists(Path.Combine(directory, "00000000000000010000.zst")));
        foreach (var file in Directory.EnumerateFiles(_data, "dblogs.db*"))
        {
            File.Delete(file);
        }

        CopyStore(_backup, _data);

        await using (var app = await StartAsync())
        {
            var segments = app.Services.GetRequiredService<SegmentStore>();
            Assert.Equal(14_321, segments.PhysicalLength(sourceId));
            Assert.Equal(Stream[..14_321], CompressedSegmentTests.Read(segments, 0, 14_321, sourceId));

            await AppendAsync(app, sourceId, 14_321, 25_500);

            Assert.Equal(["00000000000000000000.zst", "00000000000000010000.zst", "00000000000000020000.seg"],
                Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(Stream, CompressedSegmentTests.Read(segments, 0, Stream.Length, sourceId));
        }
    }
}
