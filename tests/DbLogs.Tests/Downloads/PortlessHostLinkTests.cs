using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Hostile;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Downloads;

/// <summary>
/// The real service on a high port, called the way official SDKs call it: <c>Host: 127.0.0.1</c> without the port.
/// The links it returns must name the port it listens on and serve the file as they are.
/// </summary>
public sealed class PortlessHostLinkTests(BootstrappedServe fixture) : IClassFixture<BootstrappedServe>
{
    private const string P = ProcessBootstrap.ProjectId;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_run_log_link_asked_for_with_a_portless_host_names_the_real_port_and_downloads_the_day_file()
    {
        var redis = $"/v2/{P}/instances/{ProcessBootstrap.RedisInstanceId}";
        var lines = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"1:M {DateTime.UtcNow:dd MMM yyyy HH:mm:ss.fff} * a line of today's run log\n"));
        await IngestAsync(ProcessBootstrap.RedisInstanceId, ProcessBootstrap.ReplicaId, "redis-run", lines);
        var token = await TokenAsync();
        using (var collect = await SendAsync(HttpMethod.Post, $"{redis}/redislog?log_type=run&query_time=3&replication_id={ProcessBootstrap.ReplicaId}", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, collect.StatusCode);
        }

        var id = await EventuallyAsync(async () =>
        {
            using var list = await SendAsync(HttpMethod.Get, $"{redis}/redislog?log_type=run", token);
            if (list.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var file = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("file_list")[0];
            return file.GetProperty("status").GetString() == "succeed" ? file.GetProperty("id").GetString() : null;
        });

        var answer = await PortlessPostAsync($"{redis}/redislog/{id}/links", token, null);

        Assert.True(answer.Status == 200, answer.Head + "\n" + answer.Content);
        await AssertLinkServesAsync(JsonDocument.Parse(answer.Content).RootElement.GetProperty("link").GetString()!, lines);
    }

    [Fact]
    public async Task An_audit_link_asked_for_with_a_portless_host_names_the_real_port_and_downloads_the_file()
    {
        var mysql = $"/v3/{P}/instances/{ProcessBootstrap.MysqlInstanceId}";
        var record = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyyMMdd HH:mm:ss},dbhost,app,10.0.0.5,42,1,QUERY,shop,'SELECT 1',0\n"));
        await IngestAsync(ProcessBootstrap.MysqlInstanceId, "n1", "mariadb-audit", record);
        var token = await TokenAsync();
        using (var rotate = await SendAsync(HttpMethod.Post, $"{mysql}/auditlog-rotate", token))
        {
            Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        }

        var window = string.Create(CultureInfo.InvariantCulture,
            $"start_time={DateTime.UtcNow.AddDays(-2):yyyy-MM-ddTHH:mm:ss}Z&end_time={DateTime.UtcNow.AddDays(2):yyyy-MM-ddTHH:mm:ss}Z");
        using var list = await SendAsync(HttpMethod.Get, $"{mysql}/auditlog?{window}", token);
        var id = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("auditlogs")[0].GetProperty("id").GetString()!;

        var answer = await PortlessPostAsync($"{mysql}/auditlog-links", token, JsonSerializer.Serialize(new { ids = new[] { id } }));

        Assert.True(answer.Status == 200, answer.Head + "\n" + answer.Content);
        await AssertLinkServesAsync(JsonDocument.Parse(answer.Content).RootElement.GetProperty("links")[0].GetString()!, record);
    }

    private async Task AssertLinkServesAsync(string link, byte[] expected)
    {
        var returned = new Uri(link);
        Assert.Equal(fixture.BaseUrl.Authority, returned.Authority);
        using var client = new HttpClient();
        using var download = await client.GetAsync(returned);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(expected, await download.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A request over a raw socket whose Host header names no port, as the official SDKs send it.</summary>
    private Task<RawHttp.Answer> PortlessPostAsync(string path, string token, string? json)
    {
        var body = Encoding.UTF8.GetBytes(json ?? string.Empty);
        var head = string.Create(CultureInfo.InvariantCulture, $"""
            POST {path} HTTP/1.1
            Host: 127.0.0.1
            X-Auth-Token: {token}
            Content-Type: application/json
            Content-Length: {body.Length}
            Connection: close
            """);
        return RawHttp.SendAsync(fixture.BaseUrl, head, body);
    }

    private async Task IngestAsync(string instance, string node, string kind, byte[] bytes)
    {
        using var issue = new HttpRequestMessage(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        issue.Headers.Add("X-Admin-Key", fixture.AdminKey);
        using var issued = await fixture.Serve.Client.SendAsync(issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;

        using var batch = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/batches") { Content = new ByteArrayContent(bytes) };
        batch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        batch.Headers.Add("X-DbLogs-Node", node);
        batch.Headers.Add("X-DbLogs-Kind", kind);
        batch.Headers.Add("X-DbLogs-File-Id", "f1");
        batch.Headers.Add("X-DbLogs-File-Path", "/var/log/" + kind + ".log");
        batch.Headers.Add("X-DbLogs-Offset", "0");
        using var stored = await fixture.Serve.Client.SendAsync(batch);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    private async Task<string> TokenAsync()
    {
        using var response = await fixture.Serve.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, P));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", token);
        return await fixture.Serve.Client.SendAsync(request);
    }

    private static async Task<string> EventuallyAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"nothing within {Patience.TotalSeconds:0} s");
        return null!;
    }
}
