using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Metrics;

/// <summary>
/// The native agent's <c>metrics_listen</c> and serve's <c>--Metrics:Listen</c>, both scraped over real sockets while the
/// agent ships a file to a real <c>dblogs serve</c>: each side counts exactly the bytes written.
/// </summary>
public sealed class AgentMetricsTests
{
    [Fact]
    public async Task Agent_and_service_metrics_count_the_bytes_shipped_and_the_lag_returns_to_zero()
    {
        var scraperPort = Loopback.FreePort();
        await using var serve = await ServeProcess.StartAsync(new ServeOptions
        {
            BootstrapJson = ProcessBootstrap.Json(),
            ExtraArgs = ["--EmbeddedCollector=false", "--Metrics:Listen", $"127.0.0.1:{scraperPort}"],
        });
        var key = await AgentKeys.IssueAsync(serve);
        var dir = Path.Combine(serve.WorkingDirectory, "agent");
        Directory.CreateDirectory(dir);
        var log = Path.Combine(dir, "redis-server.log");
        var written = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            written.Append(FormattableString.Invariant($"1:M 21 Nov 2026 10:00:{i % 60:00}.000 * line {i} of the run log\n"));
        }

        await File.WriteAllTextAsync(log, written.ToString());
        var agentPort = Loopback.FreePort();
        var config = Path.Combine(dir, "agent.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = serve.BaseUrl,
            ["agent_key"] = key,
            ["state_dir"] = Path.Combine(dir, "state"),
            ["metrics_listen"] = $"127.0.0.1:{agentPort}",
            ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = log, ["node"] = ProcessBootstrap.ReplicaId } },
        }));
        await using var agent = FaultProcess.Start("agent", ["agent", "--config", config], dir);
        using var http = new HttpClient();
        (string, string)[] source = [("node", ProcessBootstrap.ReplicaId), ("kind", "redis-run")];

        var agentSamples = await ScrapeUntilAsync(http, $"http://127.0.0.1:{agentPort}/metrics", s =>
            s.Value("dblogs_agent_shipped_bytes_total", source) == written.Length && s.Value("dblogs_agent_lag_bytes", source) == 0);
        Assert.True(agentSamples.Value("dblogs_agent_shipped_bytes_total", source) == written.Length, agent.Output);
        Assert.Equal(0, agentSamples.Value("dblogs_agent_lag_bytes", source));
        Assert.True(agentSamples.Value("dblogs_agent_shipped_batches_total", source) >= 1);
        Assert.Equal(0, agentSamples.Value("dblogs_agent_source_error", source));
        Assert.Equal("counter", agentSamples.First(s => s.Name == "dblogs_agent_shipped_bytes_total").Type);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{agentPort}/")).StatusCode);

        // The service's scraper address answers without the admin key; its API address still wants the key.
        var serveSamples = await ScrapeUntilAsync(http, $"http://127.0.0.1:{scraperPort}/metrics", _ => true);
        (string, string)[] stored = [("instance_id", ProcessBootstrap.RedisInstanceId), .. source];
        Assert.Equal(written.Length, serveSamples.Value("dblogs_ingest_bytes_total", stored));
        Assert.Equal(0, serveSamples.Value("dblogs_collection_lag_bytes", stored));
        Assert.Contains(serveSamples, s => s.Name == "http_request_duration_seconds_bucket" && s.Labels["endpoint"] == "/ingest/v1/batches");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{scraperPort}/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await serve.Client.GetAsync("/metrics")).StatusCode);
    }

    private static async Task<IReadOnlyList<MetricSample>> ScrapeUntilAsync(HttpClient http, string url, Func<IReadOnlyList<MetricSample>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200); // the agent is not listening yet
                continue;
            }

            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
                var samples = await PrometheusText.ParseAsync(await response.Content.ReadAsStringAsync());
                if (done(samples) || DateTime.UtcNow > deadline)
                {
                    return samples;
                }
            }

            await Task.Delay(200);
        }
    }
}
