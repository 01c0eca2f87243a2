using System.Net;
using System.Text.Json;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Storage;

/// <summary>PostgreSQL going away under a running service: refusals a client retries, never a 500, and recovery on its own.</summary>
public sealed class PostgresOutageTests
{
    [Fact]
    public async Task While_the_store_is_down_reads_and_ingest_answer_503_with_retry_after_and_the_service_recovers_when_it_is_back()
    {
        await using var cluster = await PostgresCluster.StartPrivateAsync(); // its own: stopping the shared one would fail other tests
        await using var app = await TestApp.StartAsync(["--ConnectionStrings:Postgres", await cluster.CreateDatabaseAsync()]);
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);
        var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        var list = $"/v2/{project.Id}/instances/{instance}/redislog?log_type=run&offset=0&limit=10";
        Assert.True((await app.SendWithTokenAsync(HttpMethod.Get, list, token)).IsSuccessStatusCode); // 204 while nothing is listed
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(app.Client, key, "r00", 0, "first line\n")).StatusCode);

        Assert.Equal(0, (await cluster.ControlAsync("stop", "-m", "immediate")).ExitCode);
        var read = await app.SendWithTokenAsync(HttpMethod.Get, list, token);
        var ingest = await IngestBatches.PostAsync(app.Client, key, "r00", 11, "second line\n");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Contains("\"DCS.5000\"", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
        Assert.NotNull(ingest.Headers.RetryAfter);
        Assert.DoesNotContain(" at ", await ingest.Content.ReadAsStringAsync(), StringComparison.Ordinal); // no stack trace

        await cluster.RestartAsync();
        Assert.True((await app.SendWithTokenAsync(HttpMethod.Get, list, token)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(app.Client, key, "r00", 11, "second line\n")).StatusCode);
    }
}
