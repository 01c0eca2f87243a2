using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DbLogs.Server.Downloads;
using DbLogs.Storage.Files;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Downloads;

public sealed class DownloadRouteTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i}\n")));

    private static async Task<(TestApp App, string Link)> StartWithFileAsync(TimeSpan lifetime)
    {
        var app = await TestApp.StartAsync();
        var files = app.Services.GetRequiredService<CollectedFileStore>();
        await files.WriteAsync(DownloadAreas.RunLog, "f1", (s, ct) => s.WriteAsync(Content, ct).AsTask());
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        var link = app.Services.GetRequiredService<DownloadLinks>().Create(request, DownloadAreas.RunLog, "f1", "redis_10.0.0.1_2026-11-20.log", lifetime);
        return (app, link);
    }

    [Fact]
    public async Task A_signed_link_serves_the_whole_file_with_its_name()
    {
        var (app, link) = await StartWithFileAsync(TimeSpan.FromHours(24));
        await using var _ = app;

        var response = await app.Client.GetAsync(new Uri(link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("redis_10.0.0.1_2026-11-20.log", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task A_range_request_gets_exactly_those_bytes()
    {
        var (app, link) = await StartWithFileAsync(TimeSpan.FromHours(24));
        await using var _ = app;

        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Content.AsSpan(100, 100).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Content.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Theory]
    [InlineData("signature=", "signature=A")]
    [InlineData("expires=", "expires=9")]
    [InlineData("/f1/", "/f2/")]
    [InlineData("/runlog/", "/auditlog/")]
    [InlineData("2026-11-20.log", "2026-11-21.log")]
    public async Task A_tampered_link_is_refused_with_403_and_no_content(string from, string to)
    {
        var (app, link) = await StartWithFileAsync(TimeSpan.FromHours(24));
        await using var _ = app;
        var tampered = link.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(link, tampered);

        var response = await app.Client.GetAsync(new Uri(tampered));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("DBLOGS.403", body, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_stops_working_when_it_expires()
    {
        var (app, link) = await StartWithFileAsync(TimeSpan.FromMinutes(5));
        await using var _ = app;

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri(link))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client.GetAsync(new Uri(link))).StatusCode);
    }

    [Fact]
    public async Task A_valid_link_to_a_deleted_file_gets_404()
    {
        var (app, link) = await StartWithFileAsync(TimeSpan.FromHours(24));
        await using var _ = app;
        app.Services.GetRequiredService<CollectedFileStore>().Delete(DownloadAreas.RunLog, "f1");

        var response = await app.Client.GetAsync(new Uri(link));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a%2F..%2F..%2Fdblogs.db")]
    [InlineData("master.key.tmp")]
    public void Unsafe_file_ids_are_rejected_by_the_store(string id)
    {
        var store = new CollectedFileStore(Path.GetTempPath());
        Assert.Throws<ArgumentException>(() => store.PathOf(DownloadAreas.RunLog, Uri.UnescapeDataString(id)));
    }
}
