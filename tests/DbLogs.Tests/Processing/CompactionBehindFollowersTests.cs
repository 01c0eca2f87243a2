using System.Globalization;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Storage;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Processing;

/// <summary>
/// A stream that grows is compressed only behind its main-lane followers' cursors (so they read raw segments, not decompress
/// them), except that a follower too far behind holds back no more than <see cref="SegmentCompactor.FollowerLagSegments"/>
/// segments; a follower that runs apart (the record index) holds back nothing.
/// </summary>
public sealed class CompactionBehindFollowersTests : IDisposable
{
    private const int SegmentBytes = 10_000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dblogs-behind-" + Guid.NewGuid().ToString("N"));
    private readonly HeldFollower _follower = new(runsApart: false);
    private readonly HeldFollower _apart = new(runsApart: true); // never reads: it is left out

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private Task<TestApp> StartAsync() => TestApp.StartAsync(dataDirectory: _data, services: s =>
    {
        s.AddSingleton(sp => new SegmentStore(sp.GetRequiredService<DataDirectory>().StreamsPath, SegmentBytes, 1_000));
        s.AddSingleton<IStreamFollower>(_follower);
        s.AddSingleton<IStreamFollower>(_apart);
    });

    private static async Task<long> AppendAsync(TestApp app, int length)
    {
        var instance = await app.CreateRedisInstanceAsync(await app.CreateProjectAsync());
        var sourceId = (await app.Services.GetRequiredService<ISourceStore>().GetOrCreateSourceAsync(instance, "r00", LogKind.RedisRun)).Id;
        app.Services.GetRequiredService<SegmentStore>().Append(sourceId, 0, CompressedSegmentTests.LogBytes(length, 5));
        await app.Services.GetRequiredService<ISourceStore>().CommitAppendAsync(new AppendCommit(sourceId, "f1", "/var/log/redis/redis-server.log",
            true, 0, length, new SourceChunk(0, length, null, null), length, DateTimeOffset.UtcNow));
        await app.Services.GetRequiredService<StreamFollowers>().CatchUpAllAsync(CancellationToken.None); // the service's own followers read it all
        return sourceId;
    }

    private string[] Compressed(long sourceId) =>
    [
        .. Directory.EnumerateFiles(Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture)), "*.zst")
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Sealed_segments_stay_raw_until_every_follower_has_read_past_them()
    {
        await using var app = await StartAsync();
        var sourceId = await AppendAsync(app, 45_500);
        var compactor = app.Services.GetRequiredService<SegmentCompactor>();

        await compactor.CompactAsync(sourceId, CancellationToken.None);
        Assert.Empty(Compressed(sourceId));

        _follower.Position = 25_000;
        await compactor.CompactAsync(sourceId, CancellationToken.None);
        Assert.Equal(["00000000000000000000.zst", "00000000000000010000.zst"], Compressed(sourceId));

        _follower.Position = 45_500;
        await compactor.CompactAsync(sourceId, CancellationToken.None);
        Assert.Equal(4, Compressed(sourceId).Length); // the segment being appended to stays raw
    }

    [Fact]
    public async Task A_follower_that_fell_far_behind_holds_back_only_the_allowed_number_of_segments()
    {
        await using var app = await StartAsync();
        var length = (SegmentCompactor.FollowerLagSegments + 4) * SegmentBytes + 5_500;
        var sourceId = await AppendAsync(app, length);

        await app.Services.GetRequiredService<SegmentCompactor>().CompactAsync(sourceId, CancellationToken.None);

        // Segments that end at least FollowerLagSegments segments before the stream's end: the first 4.
        Assert.Equal(["00000000000000000000.zst", "00000000000000010000.zst", "00000000000000020000.zst", "00000000000000030000.zst"],
            Compressed(sourceId));
        Assert.Equal(CompressedSegmentTests.LogBytes(length, 5), CompressedSegmentTests.Read(app.Services.GetRequiredService<SegmentStore>(), 0, length, sourceId));
    }

    /// <summary>A follower of run logs whose cursor the test sets.</summary>
    private sealed class HeldFollower(bool runsApart) : IStreamFollower
    {
        public long Position { get; set; }

        public string Name => runsApart ? "held-apart" : "held";

        public bool RunsApart => runsApart;

        public bool Follows(LogKind kind) => kind == LogKind.RedisRun;

        public Task<StreamCursor?> ReadCursorAsync(long sourceId, CancellationToken ct) => Task.FromResult<StreamCursor?>(new StreamCursor(Position, null));

        public Task CatchUpAsync(SourceRecord source, CursorFence? fence, CancellationToken ct) => Task.CompletedTask;
    }
}
