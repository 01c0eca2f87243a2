using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Ingest;

/// <summary>One collector per source: a second agent shipping the same node and kind is refused, and records no gap.</summary>
public sealed class CollectorOwnershipTests
{
    private const string First = "agent-first";
    private const string Second = "agent-second";

    private static async Task<(TestApp App, string Instance, string Key)> StartAsync()
    {
        var app = await TestApp.StartAsync(now: DateTimeOffset.UtcNow);
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);
        var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        return (app, instance, key);
    }

    private static Task<HttpResponseMessage> SendAsync(TestApp app, string key, string collector, string route, HttpContent content,
        Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/" + route) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-DbLogs-Collector", collector);
        headers?.Invoke(request.Headers);
        return app.Client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> BatchAsync(TestApp app, string key, string collector, string fileId, string text) =>
        SendAsync(app, key, collector, "batches", new ByteArrayContent(Encoding.UTF8.GetBytes(text)), h =>
        {
            h.Add("X-DbLogs-Node", "r00");
            h.Add("X-DbLogs-Kind", "redis-run");
            h.Add("X-DbLogs-File-Id", fileId);
            h.Add("X-DbLogs-File-Path", "/var/log/redis/" + fileId + ".log");
            h.Add("X-DbLogs-Offset", "0");
        });

    private static Task<HttpResponseMessage> GapAsync(TestApp app, string key, string collector) => SendAsync(app, key, collector, "gaps",
        new StringContent("""{"node":"r00","kind":"redis-run","file_path":"/x.log.1","bytes":4096,"detected_at":"2026-01-01T00:00:00Z","reason":"rotated away before read"}""",
            Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> StatusAsync(TestApp app, string key, string collector) => SendAsync(app, key, collector, "status",
        new StringContent("""{"node":"r00","kind":"redis-run","last_error":"the file is missing"}""", Encoding.UTF8, "application/json"));

    private static async Task<(string Stream, int Gaps)> StoredAsync(TestApp app, string instance)
    {
        var sources = app.Services.GetRequiredService<ISourceStore>();
        var source = (await sources.ListSourcesAsync(instance)).Single();
        using var stream = app.Services.GetRequiredService<SegmentStore>().OpenRead(source.Id, 0, source.Length);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return (await reader.ReadToEndAsync(), (await sources.ListGapsAsync(source.Id)).Count);
    }

    [Fact]
    public async Task A_second_collector_is_refused_naming_the_owner_and_neither_its_bytes_nor_its_gaps_are_stored()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(app, key, First, "a", "first line\n")).StatusCode);

        var refused = await BatchAsync(app, key, Second, "b", "second agent's line\n");
        var gap = await GapAsync(app, key, Second);
        var status = await StatusAsync(app, key, Second);

        Assert.Equal((HttpStatusCode)423, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("DBLOGS.423", error.GetProperty("error_code").GetString());
        Assert.Contains($"collected by another collector ({First}", error.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)423, gap.StatusCode);
        Assert.Equal((HttpStatusCode)423, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(app, key, First, "c", "first again\n")).StatusCode);
        Assert.Equal(("first line\nfirst again\n", 0), await StoredAsync(app, instance));
    }

    [Fact]
    public async Task The_owner_keeps_the_source_while_it_beats_and_loses_it_after_the_lease_of_silence()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(app, key, First, "a", "first line\n")).StatusCode);

        app.Clock.Advance(CollectorLeases.Lease - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(app, key, First, "heartbeat", new StringContent(string.Empty))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal((HttpStatusCode)423, (await BatchAsync(app, key, Second, "b", "too early\n")).StatusCode);

        app.Clock.Advance(CollectorLeases.Lease);
        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(app, key, Second, "b", "taken over\n")).StatusCode);
        Assert.Equal((HttpStatusCode)423, (await BatchAsync(app, key, First, "c", "the old owner\n")).StatusCode);
        Assert.Equal(("first line\ntaken over\n", 0), await StoredAsync(app, instance));
    }

    [Fact]
    public async Task A_status_report_does_not_claim_the_source_so_a_collector_pointed_at_a_missing_file_locks_nobody_out()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;

        Assert.Equal(HttpStatusCode.NoContent, (await StatusAsync(app, key, Second)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(app, key, First, "a", "first line\n")).StatusCode);
        Assert.Equal(("first line\n", 0), await StoredAsync(app, instance));
    }

    [Fact]
    public async Task A_heartbeat_without_a_collector_id_is_a_bad_request()
    {
        var (app, _, key) = await StartAsync();
        await using var __ = app;
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/heartbeat");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.SendAsync(request)).StatusCode);
    }
}
