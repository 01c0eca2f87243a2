using System.Net;
using System.Net.Http.Headers;
using DbLogs.Server.Downloads;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Files;
using DbLogs.Storage.Segments;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static DbLogs.Tests.Downloads.ManifestDownloadTests;

namespace DbLogs.Tests.Downloads;

/// <summary>
/// A compressed file asked for again is served from a raw copy: byte-exact whole, by Range and by HEAD; never the copy of a
/// replaced or deleted file; the copies within MaxBytes, dropped when unread, none kept from an earlier run.
/// </summary>
public sealed class DownloadCacheTests
{
    [Fact]
    public async Task A_file_downloaded_again_is_served_from_its_raw_copy_byte_exact()
    {
        var (app, link, cache) = await StartCacheAsync();
        await using var _ = app;

        Assert.Equal(Content, await DownloadAsync(app, link, cache));
        Assert.Empty(Directory.EnumerateFiles(cache.Root)); // asked for once: no copy
        Assert.Equal(Content, await DownloadAsync(app, link, cache));
        Assert.Equal(Content, await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(cache.Root))));
        Assert.Equal(Content.Length, cache.Bytes);

        // With the stream's segments moved away only the copy can give the bytes.
        var streams = app.Services.GetRequiredService<DataDirectory>().StreamsPath;
        Directory.Move(streams, streams + ".away");
        Assert.Equal(Content, await app.Client.GetByteArrayAsync(new Uri(link)));
        foreach (var (from, to) in new[] { (0L, 0L), (4_890L, 4_910L), (1_000L, 20_000L), (Content.Length - 1L, Content.Length - 1L) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Range = new RangeHeaderValue(from, to);
            var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(Content.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(Content.Length, response.Content.Headers.ContentRange?.Length);
        }

        var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));
        Assert.Equal(Content.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_range_of_a_copy_is_answered_as_the_framework_answers_a_whole_file_with_the_ranges_headers()
    {
        var (app, link, cache) = await StartCacheAsync();
        await using var _ = app;
        await DownloadAsync(app, link, cache);
        await DownloadAsync(app, link, cache);
        Assert.Single(Directory.EnumerateFiles(cache.Root));
        var whole = await app.Client.GetAsync(new Uri(link)); // the framework's answer, from the copy
        long size = Content.Length;

        foreach (var (header, from, to) in new[]
        {
            ("bytes=0-0", 0L, 0L), ("bytes=4890-4910", 4_890L, 4_910L), ($"bytes={size - 1}-{size - 1}", size - 1, size - 1),
            ("bytes=17000-", 17_000L, size - 1), ("bytes=-300", size - 300, size - 1), ($"bytes=100-{size + 5_000}", 100L, size - 1),
            ($"bytes=-{size + 1}", 0L, size - 1),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.TryAddWithoutValidation("Range", header);
            var response = await app.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(Content.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {from}-{to}/{size}", response.Content.Headers.ContentRange?.ToString());
            Assert.Equal(to - from + 1, response.Content.Headers.ContentLength);
            Assert.Equal(whole.Content.Headers.ContentType, response.Content.Headers.ContentType);
            Assert.Equal(whole.Content.Headers.ContentDisposition, response.Content.Headers.ContentDisposition);
            Assert.Equal(whole.Headers.AcceptRanges, response.Headers.AcceptRanges);
            Assert.Equal(whole.Headers.CacheControl, response.Headers.CacheControl);
        }

        // What is not one satisfiable range stays the framework's: the whole file, or 416.
        foreach (var (header, status) in new[]
        {
            ("bytes=0-1,5-6", HttpStatusCode.OK), ($"bytes={size}-", HttpStatusCode.RequestedRangeNotSatisfiable),
            ("bytes=9-3", HttpStatusCode.OK),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.TryAddWithoutValidation("Range", header);
            var response = await app.Client.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(status == HttpStatusCode.OK ? Content : [], await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Many_requests_at_once_make_one_copy()
    {
        var (app, link, cache) = await StartCacheAsync();
        await using var _ = app;

        var downloads = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => app.Client.GetByteArrayAsync(new Uri(link))));
        await cache.WhenMadeAsync();

        Assert.All(downloads, bytes => Assert.Equal(Content, bytes));
        Assert.Equal(Content, await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(cache.Root))));
        Assert.Equal(Content.Length, cache.Bytes);
    }

    [Fact]
    public async Task A_replaced_file_never_meets_its_old_copy_and_a_deleted_one_is_not_served()
    {
        var (app, link, cache) = await StartCacheAsync();
        await using var _ = app;
        await DownloadAsync(app, link, cache);
        await DownloadAsync(app, link, cache);
        Assert.Single(Directory.EnumerateFiles(cache.Root));

        var files = app.Services.GetRequiredService<CollectedFileStore>();
        await files.WriteRangesAsync(DownloadAreas.RunLog, "m1", new RangesManifest(SourceId, [new StreamRange(200, 3_000)]));
        Assert.Equal(Logged[200..3_000], await DownloadAsync(app, link, cache));

        Assert.True(files.Delete(DownloadAreas.RunLog, "m1"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(new Uri(link))).StatusCode);
    }

    [Fact]
    public async Task Copies_stay_within_MaxBytes_the_least_recently_read_going_first()
    {
        var (app, first, cache) = await StartCacheAsync(["--DownloadCache:MaxBytes", "30000"]);
        await using var _ = app;
        var files = app.Services.GetRequiredService<CollectedFileStore>();
        await files.WriteRangesAsync(DownloadAreas.RunLog, "m2", new RangesManifest(SourceId, [new StreamRange(0, 15_000)]));
        await files.WriteRangesAsync(DownloadAreas.RunLog, "m3", new RangesManifest(SourceId, [new StreamRange(0, 40_000)]));
        var second = Link(app, DownloadAreas.RunLog, "m2");
        var tooLarge = Link(app, DownloadAreas.RunLog, "m3");

        await DownloadAsync(app, first, cache);
        await DownloadAsync(app, first, cache);
        Assert.Equal(Content.Length, cache.Bytes);
        await DownloadAsync(app, second, cache);
        Assert.Equal(Logged[..15_000], await DownloadAsync(app, second, cache));
        Assert.Equal(15_000, cache.Bytes); // the first copy made room
        Assert.Equal(Logged[..15_000], await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(cache.Root))));

        await DownloadAsync(app, tooLarge, cache);
        Assert.Equal(Logged[..40_000], await DownloadAsync(app, tooLarge, cache));
        Assert.Equal(15_000, cache.Bytes); // larger than MaxBytes: never copied
        Assert.Single(Directory.EnumerateFiles(cache.Root));
    }

    [Fact]
    public async Task A_copy_unread_for_IdleTime_is_dropped()
    {
        var (app, link, cache) = await StartCacheAsync(["--DownloadCache:IdleTime", "00:10:00"]);
        await using var _ = app;
        await DownloadAsync(app, link, cache);
        await DownloadAsync(app, link, cache);

        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await DownloadAsync(app, link, cache); // read from the copy: its idle time starts again
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        cache.Sweep();
        Assert.Single(Directory.EnumerateFiles(cache.Root));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        cache.Sweep();
        Assert.Empty(Directory.EnumerateFiles(cache.Root));
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(Content, await DownloadAsync(app, link, cache));
    }

    [Fact]
    public async Task An_earlier_runs_copies_are_gone_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "dblogs-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var leftovers = Directory.CreateDirectory(Path.Combine(data, "cache", "downloads")).FullName;
            await File.WriteAllTextAsync(Path.Combine(leftovers, "half-written.tmp"), "partial");
            await using (var app = await TestApp.StartAsync(dataDirectory: data))
            {
                Assert.Empty(Directory.EnumerateFileSystemEntries(app.Services.GetRequiredService<DownloadCache>().Root));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task With_the_cache_off_no_copy_is_made()
    {
        var (app, link, cache) = await StartCacheAsync(["--DownloadCache:Enabled", "false"]);
        await using var _ = app;
        await DownloadAsync(app, link, cache);
        Assert.Equal(Content, await DownloadAsync(app, link, cache));
        Assert.Empty(Directory.EnumerateFiles(cache.Root));
    }

    /// <summary><see cref="ManifestDownloadTests.StartAsync"/>'s service, its file "m1" compacted, and the service's cache.</summary>
    private static async Task<(TestApp App, string Link, DownloadCache Cache)> StartCacheAsync(string[]? extraArgs = null)
    {
        var (app, link) = await StartAsync(compacted: true, extraArgs);
        return (app, link, app.Services.GetRequiredService<DownloadCache>());
    }

    private static async Task<byte[]> DownloadAsync(TestApp app, string link, DownloadCache cache)
    {
        var bytes = await app.Client.GetByteArrayAsync(new Uri(link));
        await cache.WhenMadeAsync();
        return bytes;
    }
}
