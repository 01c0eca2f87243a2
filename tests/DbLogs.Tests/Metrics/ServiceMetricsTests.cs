using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DbLogs.Collection.Agent.Metrics;
using DbLogs.Tests.Ingest;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Metrics;

/// <summary><c>GET /metrics</c> of serve, scraped while logs are ingested and read with the Prometheus client's own parser.</summary>
public sealed class ServiceMetricsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(TestApp app)
    {
        var response = await app.AdminAsync(HttpMethod.Get, "/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await PrometheusText.ParseAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Agent_batches_count_the_bytes_written_once_and_the_lag_returns_to_zero()
    {
        var (app, instance, key) = await IngestRouteTests.StartAsync();
        await using var _ = app;
        (string, string)[] source = [("instance_id", instance), ("node", "r00"), ("kind", "redis-run")];
        const string First = "1:M 01 Jan 2026 00:00:00.000 * Server initialized\n";
        const string Second = "1:M 01 Jan 2026 00:00:01.000 * Ready to accept connections tcp\n";

        // The collector sent the first line of a file it reports as holding both.
        Assert.Equal(HttpStatusCode.OK, (await Post(First, 0, First.Length + Second.Length)).StatusCode);
        var during = await ScrapeAsync(app);
        Assert.Equal(First.Length, during.Value("dblogs_ingest_bytes_total", source));
        Assert.Equal(Second.Length, during.Value("dblogs_collection_lag_bytes", source));

        // A resent batch stores nothing and counts nothing; the second line catches up.
        Assert.Equal(HttpStatusCode.OK, (await Post(First, 0, First.Length + Second.Length)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(Second, First.Length, First.Length + Second.Length)).StatusCode);
        var after = await ScrapeAsync(app);
        Assert.Equal(First.Length + Second.Length, after.Value("dblogs_ingest_bytes_total", source));
        Assert.Equal(2, after.Value("dblogs_ingest_batches_total", source));
        Assert.Equal(0, after.Value("dblogs_collection_lag_bytes", source));
        Assert.Equal(0, after.Value("dblogs_collection_lag_seconds", source));
        Assert.Equal(First.Length + Second.Length, after.Value("dblogs_stored_bytes", source));

        // The request histogram is labelled with the route template: three batches, 200.
        var batches = after.Single(s => s.Name == "http_request_duration_seconds_count" && s.Labels["endpoint"] == "/ingest/v1/batches");
        Assert.Equal("histogram", batches.Type);
        Assert.Equal(("POST", "200", 3.0), (batches.Labels["method"], batches.Labels["code"], batches.Value));
        Assert.Contains(after, s => s.Name == "dblogs_store_operation_duration_seconds_count" && s.Labels["operation"] == "append_commit" && s.Value == 2);

        Task<HttpResponseMessage> Post(string text, long offset, long fileSize) =>
            IngestRouteTests.PostEncodedAsync(app, key, "file-1", offset, text, null, Encoding.UTF8.GetBytes(text), fileSize: fileSize);
    }

    [Fact]
    public async Task Routes_are_labelled_by_their_template_never_by_the_ids_in_the_path()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateMysqlInstanceAsync(project);
        Assert.Equal(HttpStatusCode.OK, (await app.AdminAsync(HttpMethod.Get, $"/admin/v1/instances/{instance}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.AdminAsync(HttpMethod.Get, "/admin/v1/instances/nope")).StatusCode);

        var samples = await ScrapeAsync(app);
        var shown = samples.Where(s => s.Name == "http_request_duration_seconds_count" && s.Labels["endpoint"] == "/admin/v1/instances/{instance_id}")
            .ToDictionary(s => s.Labels["code"], s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["200"] = 1, ["404"] = 1 }, shown);
        Assert.Contains(samples, s => s.Name == "http_requests_received_total" && s.Labels["endpoint"] == "/admin/v1/instances/{instance_id}");
        Assert.DoesNotContain(samples, s => s.Name.StartsWith("http_", StringComparison.Ordinal) &&
            s.Labels.Values.Any(v => v.Contains(instance, StringComparison.Ordinal) || v.Contains("nope", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null, "Authentication required.")]
    [InlineData("not-the-key", "Invalid credentials.")]
    public async Task Without_the_admin_key_metrics_are_refused_as_the_admin_API_refuses(string? key, string message)
    {
        await using var app = await TestApp.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DBLOGS.401", body.RootElement.GetProperty("error_code").GetString());
        Assert.Equal(message, body.RootElement.GetProperty("error_msg").GetString());
    }

    [Fact]
    public async Task The_embedded_collector_counts_every_byte_of_the_file_and_its_parser_catches_up()
    {
        var log = Path.Combine(_dir, "error.log");
        var bootstrap = Path.Combine(_dir, "bootstrap.json");
        File.WriteAllText(bootstrap, $$$"""
            {"projects":[{"name":"demo","instances":[{"id":"eb8fe5d181ec44a2850302691541f760in01","name":"db","engine":"mysql",
              "nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"time_zone":"UTC","logs":{"error":"{{{log}}}"}}]}]}]}
            """);
        await using var app = await TestApp.StartAsync(["--bootstrap", bootstrap, "--FollowerInterval", "00:00:01"]);
        (string, string)[] source = [("instance_id", "eb8fe5d181ec44a2850302691541f760in01"), ("node", "n1"), ("kind", "mariadb-error")];

        long written = 0;
        for (var i = 0; i < 3; i++)
        {
            var line = $"2026-01-01 10:00:0{i} 0 [Note] InnoDB: line {i} of the metrics test\n";
            await File.AppendAllTextAsync(log, line);
            written += Encoding.UTF8.GetByteCount(line);
            var during = await ScrapeAsync(app);
            Assert.True((during.Value("dblogs_ingest_bytes_total", source) ?? 0) <= written);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.AdminAsync(HttpMethod.Get, "/admin/v1/sources")).StatusCode); // scrapes are not measured
        var samples = await WaitForAsync(app, s => s.Value("dblogs_ingest_bytes_total", source) == written &&
            s.Value("dblogs_collection_lag_bytes", source) == 0 &&
            s.Value("dblogs_cursor_lag_bytes", [.. source, ("consumer", "mysql-error-log")]) == 0);
        Assert.Equal(written, samples.Value("dblogs_ingest_bytes_total", source));
        Assert.Equal(0, samples.Value("dblogs_collection_lag_bytes", source));
        Assert.Equal(0, samples.Value("dblogs_cursor_lag_bytes", [.. source, ("consumer", "mysql-error-log")]));
        Assert.Equal(0, samples.Value("dblogs_gaps", source));

        // docs/grafana-dashboard.json queries nothing that is not exported (the agent's families from its own writer).
        var agentFamilies = AgentMetrics.Render([], DateTimeOffset.UtcNow);
        var queried = DashboardMetricNames();
        Assert.Contains("dblogs_cursor_lag_bytes", queried);
        Assert.All(queried, name => Assert.True(name.StartsWith("dblogs_agent_", StringComparison.Ordinal)
            ? agentFamilies.Contains($"# TYPE {name} ", StringComparison.Ordinal)
            : samples.Any(s => s.Name == name), $"the dashboard queries {name}, which is not exported"));
    }

    private static HashSet<string> DashboardMetricNames()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "DbLogs.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "docs", "grafana-dashboard.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => Regex.Matches(t.GetProperty("expr").GetString()!, @"\b(?:dblogs|http)_[a-z_]+").Select(m => m.Value))];
    }

    /// <summary>Scrapes until <paramref name="done"/>, moving the service's clock on so the parser sees the log's last record go quiet.</summary>
    private static async Task<IReadOnlyList<MetricSample>> WaitForAsync(TestApp app, Func<IReadOnlyList<MetricSample>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<MetricSample> samples;
        while (!done(samples = await ScrapeAsync(app)) && DateTime.UtcNow < deadline)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(200);
        }

        return samples;
    }
}
