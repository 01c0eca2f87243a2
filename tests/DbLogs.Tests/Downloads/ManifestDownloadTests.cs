using System.Net;
using System.Net.Http.Headers;
using DbLogs.Server.Downloads;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Files;
using DbLogs.Storage.Segments;
using DbLogs.Tests.Storage;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Downloads;

/// <summary>A collected file stored as stream ranges downloads as the bytes of those ranges, whole, by Range and by HEAD.</summary>
public sealed class ManifestDownloadTests
{
    internal const long SourceId = 999;
    internal static readonly byte[] Logged = CompressedSegmentTests.LogBytes(45_500, 30);
    private static readonly StreamRange[] Ranges = [new(100, 5_000), new(9_500, 21_000), new(30_999, 31_000), new(40_000, 45_500)];
    internal static readonly byte[] Content = [.. Ranges.SelectMany(r => Logged.AsSpan((int)r.Start, (int)r.Length).ToArray())];

    /// <summary>A service with 10 kB segments of 1 kB frames, the stream appended, and file "m1" of <see cref="Ranges"/>.</summary>
    internal static async Task<(TestApp App, string Link)> StartAsync(bool compacted, string[]? extraArgs = null)
    {
        var app = await TestApp.StartAsync(extraArgs, services: s => s.AddSingleton(sp => new SegmentStore(sp.GetRequiredService<DataDirectory>().StreamsPath, 10_000, 1_000)));
        var segments = app.Services.GetRequiredService<SegmentStore>();
        for (var at = 0; at < Logged.Length; at += 3_000)
        {
            segments.Append(SourceId, at, Logged.AsSpan(at, Math.Min(3_000, Logged.Length - at)));
        }

        while (compacted && segments.CompactOne(SourceId, Logged.Length))
        {
        }

        var size = await app.Services.GetRequiredService<CollectedFileStore>().WriteRangesAsync(DownloadAreas.RunLog, "m1", new RangesManifest(SourceId, Ranges));
        Assert.Equal(Content.Length, size);
        return (app, Link(app, DownloadAreas.RunLog, "m1"));
    }

    internal static string Link(TestApp app, string area, string id)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        return app.Services.GetRequiredService<DownloadLinks>().Create(request, area, id, id + ".log", TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_whole_file_is_the_ranges_bytes(bool compacted)
    {
        var (app, link) = await StartAsync(compacted);
        await using var _ = app;

        var response = await app.Client.GetAsync(new Uri(link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Theory]
    [InlineData(false, 0L, 0L)] // the first byte
    [InlineData(true, 0L, 0L)]
    [InlineData(true, 21_800L, 21_800L)] // the last byte
    [InlineData(false, 4_890L, 4_910L)] // across the end of the first range
    [InlineData(true, 4_890L, 4_910L)]
    [InlineData(true, 16_390L, 16_402L)] // across the one-byte range
    [InlineData(true, 1_000L, 20_000L)] // over several ranges, segments and frames
    public async Task A_range_is_exactly_those_bytes(bool compacted, long from, long to)
    {
        var (app, link) = await StartAsync(compacted);
        await using var _ = app;

        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Range = new RangeHeaderValue(from, to);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Content.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Content.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task A_suffix_range_is_the_last_bytes()
    {
        var (app, link) = await StartAsync(compacted: true);
        await using var _ = app;

        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Range = new RangeHeaderValue(null, 5_600);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Content.AsSpan(Content.Length - 5_600).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_gives_the_length_and_no_body()
    {
        var (app, link) = await StartAsync(compacted: true);
        await using var _ = app;

        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_manifest_replaces_a_copy_of_the_same_id_and_a_delete_removes_either()
    {
        var (app, link) = await StartAsync(compacted: false);
        await using var _ = app;
        var files = app.Services.GetRequiredService<CollectedFileStore>();
        await files.WriteAsync(DownloadAreas.RunLog, "m1", (s, ct) => s.WriteAsync("a copy\n"u8.ToArray(), ct).AsTask());
        Assert.Equal("a copy\n"u8.ToArray(), await app.Client.GetByteArrayAsync(new Uri(link)));

        await files.WriteRangesAsync(DownloadAreas.RunLog, "m1", new RangesManifest(SourceId, Ranges));
        Assert.Equal(Content, await app.Client.GetByteArrayAsync(new Uri(link)));
        Assert.False(File.Exists(files.PathOf(DownloadAreas.RunLog, "m1")));

        Assert.True(files.Delete(DownloadAreas.RunLog, "m1"));
        Assert.False(files.Exists(DownloadAreas.RunLog, "m1"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(new Uri(link))).StatusCode);
    }
}
