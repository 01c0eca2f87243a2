using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Storage.Files;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Downloads;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>A data directory the previous version wrote (raw segments only, day and audit files as copies) keeps working.</summary>
public sealed class PreviousFormatTests : IDisposable
{
    private static readonly byte[] Stream = CompressedSegmentTests.LogBytes(150_000, 40);
    private static readonly byte[] DayFile = Stream[1_000..50_000];
    private static readonly byte[] AuditFile = Stream[70_000..140_000];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dblogs-previous-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Its_files_download_byte_exact_before_and_after_its_raw_segments_are_compacted()
    {
        var sourceId = await WritePreviousFormatAsync();

        await using var app = await TestApp.StartAsync(dataDirectory: _data);
        var (day, audit) = (ManifestDownloadTests.Link(app, DownloadAreas.RunLog, "day1"), ManifestDownloadTests.Link(app, DownloadAreas.AuditLog, "audit1"));
        Assert.Equal(DayFile, await app.Client.GetByteArrayAsync(new Uri(day)));
        Assert.Equal(AuditFile, await app.Client.GetByteArrayAsync(new Uri(audit)));

        await app.Services.GetRequiredService<SegmentCompactor>().CompactAllAsync(CancellationToken.None);

        var directory = Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(["00000000000000000000.zst", "00000000000000060000.zst", "00000000000000120000.seg"],
            Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(DayFile, await app.Client.GetByteArrayAsync(new Uri(day)));
        Assert.Equal(AuditFile, await app.Client.GetByteArrayAsync(new Uri(audit)));
        using var request = new HttpRequestMessage(HttpMethod.Get, audit);
        request.Headers.Range = new RangeHeaderValue(45_000, 55_000);
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(AuditFile[45_000..55_001], await response.Content.ReadAsByteArrayAsync());

        // The stream itself, and a file cut from it now (a manifest over the old stream), read the same bytes.
        await using (var all = app.Services.GetRequiredService<SegmentStore>().OpenRead(sourceId, 0, Stream.Length))
        using (var copy = new MemoryStream())
        {
            await all.CopyToAsync(copy);
            Assert.Equal(Stream, copy.ToArray());
        }

        await app.Services.GetRequiredService<CollectedFileStore>().WriteRangesAsync(DownloadAreas.AuditLog, "audit2",
            new RangesManifest(sourceId, [new StreamRange(55_000, 130_000)]));
        Assert.Equal(Stream[55_000..130_000], await app.Client.GetByteArrayAsync(new Uri(ManifestDownloadTests.Link(app, DownloadAreas.AuditLog, "audit2"))));
    }

    [Fact]
    public async Task A_compaction_interrupted_by_a_crash_is_cleared_at_start_up_without_changing_a_byte()
    {
        var sourceId = await WritePreviousFormatAsync();
        var directory = Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture));
        // Killed after the first segment's rename (its raw form not yet deleted), then while writing the second one.
        SegmentCompression.Compress(Path.Combine(directory, "00000000000000000000.seg"), Path.Combine(directory, "00000000000000000000.zst"), 1_000, 3);
        File.WriteAllBytes(Path.Combine(directory, "00000000000000060000.zst.tmp"), [0x28, 0xB5]);

        await using var app = await TestApp.StartAsync(dataDirectory: _data);
        string[] expected = ["00000000000000000000.zst", "00000000000000060000.zst", "00000000000000120000.seg"];
        for (var waited = 0; waited < 100 && !Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).SequenceEqual(expected); waited++)
        {
            await Task.Delay(100); // the compactor's start-up sweep runs in the background
        }

        Assert.Equal(expected, Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(AuditFile, await app.Client.GetByteArrayAsync(new Uri(ManifestDownloadTests.Link(app, DownloadAreas.AuditLog, "audit1"))));
        await using var all = app.Services.GetRequiredService<SegmentStore>().OpenRead(sourceId, 0, Stream.Length);
        using var copy = new MemoryStream();
        await all.CopyToAsync(copy);
        Assert.Equal(Stream, copy.ToArray());
    }

    /// <summary>The store's rows through a service run, then the files as the previous version laid them out; returns the source id.</summary>
    private async Task<long> WritePreviousFormatAsync()
    {
        long sourceId;
        await using (var app = await TestApp.StartAsync(dataDirectory: _data))
        {
            var instance = await app.CreateRedisInstanceAsync(await app.CreateProjectAsync());
            var sources = app.Services.GetRequiredService<ISourceStore>();
            var source = await sources.GetOrCreateSourceAsync(instance, "r00", LogKind.RedisRun);
            await sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/var/log/redis/redis-server.log", true, 0, Stream.Length,
                new SourceChunk(0, Stream.Length, null, null), Stream.Length, DateTimeOffset.UtcNow));
            sourceId = source.Id;
        }

        // Raw segments only (64 MiB each then; the reader goes by names and sizes, so smaller ones stand in).
        var directory = Directory.CreateDirectory(Path.Combine(_data, "streams", sourceId.ToString(CultureInfo.InvariantCulture))).FullName;
        foreach (var start in new[] { 0, 60_000, 120_000 })
        {
            File.WriteAllBytes(Path.Combine(directory, $"{start:D20}.seg"), Stream[start..Math.Min(Stream.Length, start + 60_000)]);
        }

        Directory.CreateDirectory(Path.Combine(_data, "files", DownloadAreas.RunLog));
        Directory.CreateDirectory(Path.Combine(_data, "files", DownloadAreas.AuditLog));
        File.WriteAllBytes(Path.Combine(_data, "files", DownloadAreas.RunLog, "day1"), DayFile);
        File.WriteAllBytes(Path.Combine(_data, "files", DownloadAreas.AuditLog, "audit1"), AuditFile);
        return sourceId;
    }
}
