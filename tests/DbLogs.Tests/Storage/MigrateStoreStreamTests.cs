using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Files;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Downloads;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>
/// migrate-store moves the metadata only: the streams (compressed and raw segments) and the cut files (manifests, and
/// copies as the previous format wrote them) stay in the data directory and download byte-exact on PostgreSQL, whose
/// compactor compresses the raw segments left by the committed lengths the move copied.
/// </summary>
public sealed class MigrateStoreStreamTests : IAsyncLifetime
{
    private static readonly byte[] Stream = CompressedSegmentTests.LogBytes(65_000, 50);
    private static readonly StreamRange[] DayRanges = [new(500, 20_500), new(31_000, 64_999)];
    private static readonly byte[] Day = [.. DayRanges.SelectMany(r => Stream[(int)r.Start..(int)r.End])];
    private static readonly byte[] OldAuditFile = Stream[2_000..9_000];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dblogs-migrate-streams-" + Guid.NewGuid().ToString("N"));
    private ServiceStore _postgres = ServiceStore.Sqlite;

    public async Task InitializeAsync() => _postgres = await ServiceStore.StartAsync(postgres: true);

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        ServerTools.DeleteDirectory(_data);
    }

    private static void SmallSegments(IServiceCollection services) =>
        services.AddSingleton(sp => new SegmentStore(sp.GetRequiredService<DataDirectory>().StreamsPath, 10_000, 1_000));

    [Fact]
    public async Task Streams_and_cut_files_download_byte_exact_after_the_move_and_raw_segments_are_compacted_on_postgres()
    {
        long sourceId;
        await using (var app = await TestApp.StartAsync(services: SmallSegments, dataDirectory: _data))
        {
            var instance = await app.CreateRedisInstanceAsync(await app.CreateProjectAsync());
            var sources = app.Services.GetRequiredService<ISourceStore>();
            var source = await sources.GetOrCreateSourceAsync(instance, "r00", LogKind.RedisRun);
            sourceId = source.Id;
            var segments = app.Services.GetRequiredService<SegmentStore>();
            for (var at = 0; at < Stream.Length; at += 4_000)
            {
                segments.Append(sourceId, at, Stream.AsSpan(at, Math.Min(4_000, Stream.Length - at)));
            }

            await sources.CommitAppendAsync(new AppendCommit(sourceId, "f1", "/var/log/redis/redis-server.log", true, 0, Stream.Length,
                new SourceChunk(0, Stream.Length, null, null), Stream.Length, DateTimeOffset.UtcNow));
            await app.Services.GetRequiredService<SegmentCompactor>().CompactAsync(sourceId, CancellationToken.None);
            var files = app.Services.GetRequiredService<CollectedFileStore>();
            await files.WriteRangesAsync(DownloadAreas.RunLog, "day1", new RangesManifest(sourceId, DayRanges));
            await files.WriteAsync(DownloadAreas.AuditLog, "audit-old", (s, ct) => s.WriteAsync(OldAuditFile, ct).AsTask());
        }

        var directory = Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture));
        File.Delete(Path.Combine(directory, "00000000000000030000.zst")); // two segments raw again, as a move before compaction
        File.Delete(Path.Combine(directory, "00000000000000040000.zst"));
        File.WriteAllBytes(Path.Combine(directory, "00000000000000030000.seg"), Stream[30_000..40_000]);
        File.WriteAllBytes(Path.Combine(directory, "00000000000000040000.seg"), Stream[40_000..50_000]);

        var (exit, _, error) = await MigrateStoreTest.MigrateAsync(_data, _postgres.Postgres!);
        Assert.True(exit == 0, error);

        await using var moved = await TestApp.StartAsync(_postgres.Args, services: SmallSegments, dataDirectory: _data);
        var (day, audit) = (ManifestDownloadTests.Link(moved, DownloadAreas.RunLog, "day1"), ManifestDownloadTests.Link(moved, DownloadAreas.AuditLog, "audit-old"));
        Assert.Equal(Day, await moved.Client.GetByteArrayAsync(new Uri(day)));
        Assert.Equal(OldAuditFile, await moved.Client.GetByteArrayAsync(new Uri(audit)));

        await moved.Services.GetRequiredService<SegmentCompactor>().CompactAllAsync(CancellationToken.None);

        Assert.Equal([.. Enumerable.Range(0, 6).Select(i => $"{i * 10_000:D20}.zst"), "00000000000000060000.seg"],
            Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Day, await moved.Client.GetByteArrayAsync(new Uri(day)));
        using var request = new HttpRequestMessage(HttpMethod.Get, day);
        request.Headers.Range = new RangeHeaderValue(19_990, 30_010); // across the two ranges and the segments compacted on PostgreSQL
        var response = await moved.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Day[19_990..30_011], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Stream, CompressedSegmentTests.Read(moved.Services.GetRequiredService<SegmentStore>(), 0, Stream.Length, sourceId));
    }
}
