using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Process;

/// <summary>
/// <c>dblogs serve</c> with its data directory on a real 8 MiB tmpfs that the test fills: writes are refused with each
/// family's 503, the condition is reported, reads keep working, and everything works again once space is freed.
/// </summary>
public class FullDiskTests
{
    private const string Line1 = "1:M 21 Nov 2025 10:00:00.000 * stored before the disk filled\n";
    private const string Line2 = "1:M 21 Nov 2025 10:00:01.000 * sent while the disk is full\n";
    private const string RedislogRoute = $"/v2/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.RedisInstanceId}/redislog";

    [RootFact]
    public async Task A_full_disk_refuses_writes_with_503_reports_it_keeps_reads_and_recovers_when_space_returns()
    {
        using var disk = new Tmpfs(megabytes: 8);
        var options = new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), DataDirectory = disk.File("data") };
        await using var service = await ServeProcess.StartAsync(options);
        var agentKey = await AgentKeys.IssueAsync(service);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(service, agentKey, 0, Line1)).StatusCode);
        var before = StoredBytes(options.DataDirectory!);
        Assert.Equal(Line1, Encoding.UTF8.GetString(before));

        Assert.True(disk.Fill("filler") > 0);

        var ingest = await IngestBatches.PostAsync(service, agentKey, Line1.Length, Line2);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
        Assert.Equal("DBLOGS.503", (await JsonAsync(ingest)).GetProperty("error_code").GetString());
        Assert.NotNull(ingest.Headers.RetryAfter);

        var token = await service.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, ProcessBootstrap.ProjectId));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, token.StatusCode);
        Assert.Equal(503, (await JsonAsync(token)).GetProperty("error").GetProperty("code").GetInt32());

        var collect = await SignedAsync(service, HttpMethod.Post, RedislogRoute + "?log_type=run&query_time=0&replication_id=" + ProcessBootstrap.ReplicaId);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, collect.StatusCode);
        Assert.Equal("DCS.5000", (await JsonAsync(collect)).GetProperty("error_code").GetString());

        // Reported: health (still 200, reads work) and the admin view of the source that cannot store.
        var health = await JsonAsync(await service.Client.GetAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal("disk full", health.GetProperty("status").GetString());
        Assert.Equal("refused", health.GetProperty("writes").GetString());
        var source = (await JsonAsync(await AdminGetAsync(service, "/admin/v1/sources"))).EnumerateArray().Single();
        Assert.Contains("data directory is full", source.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(Line2.Length, source.GetProperty("lag_bytes").GetInt64());

        // Reads keep serving.
        var list = await SignedAsync(service, HttpMethod.Get, RedislogRoute + "?log_type=run&offset=0&limit=10");
        Assert.True(list.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"ListRedislog answered {(int)list.StatusCode}");

        File.Delete(disk.File("filler"));

        health = await JsonAsync(await service.Client.GetAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(service, agentKey, Line1.Length, Line2)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, ProcessBootstrap.ProjectId))).StatusCode);
        Assert.Equal(Line1 + Line2, Encoding.UTF8.GetString(StoredBytes(options.DataDirectory!)));
        source = (await JsonAsync(await AdminGetAsync(service, "/admin/v1/sources"))).EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, source.GetProperty("last_error").ValueKind);
        Assert.Equal(0, source.GetProperty("lag_bytes").GetInt64());
    }

    [RootFact]
    public async Task A_restart_on_a_full_disk_serves_reads_or_exits_non_zero_with_one_line()
    {
        using var disk = new Tmpfs(megabytes: 8);
        var options = new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), DataDirectory = disk.File("data") };
        string agentKey;
        await using (var first = await ServeProcess.StartAsync(options))
        {
            agentKey = await AgentKeys.IssueAsync(first);
            Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(first, agentKey, 0, Line1)).StatusCode);
            Assert.Equal(0, await first.TerminateAsync()); // a clean stop: SQLite removes its -wal and -shm files
        }

        disk.Fill("filler");
        var (service, exited) = await ServeProcess.StartOrExitAsync(options);
        if (exited is not null)
        {
            Assert.NotEqual(0, exited.ExitCode);
            var stderr = exited.Stderr.Trim();
            Assert.Single(stderr.Split('\n'));
            Assert.Contains("is full", stderr, StringComparison.Ordinal);
        }
        else
        {
            await using var _ = service;
            var list = await SignedAsync(service!, HttpMethod.Get, RedislogRoute + "?log_type=run&offset=0&limit=10");
            Assert.True(list.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"ListRedislog answered {(int)list.StatusCode}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await IngestBatches.PostAsync(service!, agentKey, Line1.Length, Line2)).StatusCode);
        }

        File.Delete(disk.File("filler"));
        await using var recovered = await ServeProcess.StartAsync(options);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(recovered, agentKey, Line1.Length, Line2)).StatusCode);
        Assert.Equal(Line1 + Line2, Encoding.UTF8.GetString(StoredBytes(options.DataDirectory!)));
    }

    private static async Task<HttpResponseMessage> AdminGetAsync(ServeProcess service, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Admin-Key", AgentKeys.AdminKey(service));
        return await service.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SignedAsync(ServeProcess service, HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative));
        RequestSigner.Sign(request, ProcessBootstrap.Ak, ProcessBootstrap.Sk, ProcessBootstrap.ProjectId, DateTimeOffset.UtcNow, string.Empty);
        return await service.Client.SendAsync(request);
    }

    /// <summary>Every stream's segment files, in order: the bytes the service holds.</summary>
    private static byte[] StoredBytes(string data) =>
        [.. Directory.GetFiles(Path.Combine(data, "streams"), "*.seg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes)];

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
