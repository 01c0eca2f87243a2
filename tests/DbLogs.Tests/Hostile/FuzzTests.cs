using System.Globalization;
using System.Net;
using System.Text;
using DbLogs.Tests.Process;
using DbLogs.Tests.Support;
using Xunit.Abstractions;

namespace DbLogs.Tests.Hostile;

/// <summary>
/// A bounded fuzz run (fixed seed) over every route of the real service with the families of hostile input that
/// broke it once: no answer may be a 5xx, none may hang, the service's memory must come back under a bound, and the
/// bootstrap's data must still be there.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 3000;
    private const int Seed = 20261205;

    // The service idles at about 100 MB; a leak of request buffers across 3000 requests would go far past this.
    private const long RssBoundBytes = 400L << 20;

    // Each route with the JSON it takes: '@' stands for a string value and '#' for a number, both drawn hostile.
    private static readonly (string Route, string? Body)[] Routes =
    [
        ("POST /v3/auth/tokens", """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"@","password":"@","domain":{"name":"@"}}}},"scope":{"project":{"id":"@"}}}}"""),
        ("GET /v2/{P}/instances/{R}/redislog", null), ("POST /v2/{P}/instances/{R}/redislog", null),
        ("POST /v2/{P}/instances/{R}/redislog/{X}/links", null), ("GET /v2/{P}/instances/{R}/slowlog", null),
        ("GET /v3/{P}/instances/{M}/auditlog", null), ("POST /v3/{P}/instances/{M}/auditlog-links", """{"ids":["@","@"]}"""),
        ("GET /v3/{P}/instances/{M}/auditlog-policy", null),
        ("PUT /v3/{P}/instances/{M}/auditlog-policy", """{"keep_days":#,"audit_types":["@"],"reserve_auditlogs":#}"""),
        ("POST /v3/{P}/instances/{M}/auditlog-rotate", """{"instance_id":"@"}"""), ("GET /v3/{P}/instances/{M}/errorlog", null),
        ("GET /v3/{P}/instances/{M}/slowlog", null), ("GET /v3/{P}/instances/{M}/slowlog/statistics", null),
        ("GET /admin/v1/projects", null), ("POST /admin/v1/projects", """{"name":"@","id":"@"}"""), ("DELETE /admin/v1/projects/{X}", null),
        ("GET /admin/v1/projects/{P}/users", null), ("POST /admin/v1/projects/{P}/users", """{"name":"@","password":"@"}"""),
        ("DELETE /admin/v1/projects/{P}/users/{X}", null), ("GET /admin/v1/projects/{P}/access-keys", null),
        ("POST /admin/v1/projects/{P}/access-keys", """{"ak":"@","sk":"@"}"""), ("DELETE /admin/v1/projects/{P}/access-keys/{X}", null),
        ("GET /admin/v1/projects/{P}/instances", null),
        ("POST /admin/v1/projects/{P}/instances", """{"name":"@","engine":"@","shards":[{"name":"@","replicas":[{"id":"@","ip":"@","port":#,"role":"@"}]}],"nodes":[{"id":"@","ip":"127.0.0.1","port":#,"time_zone":"@","logs":{"audit":"@"}}]}"""),
        ("GET /admin/v1/instances/{R}", null), ("DELETE /admin/v1/instances/{X}", null), ("GET /admin/v1/sources", null),
        ("POST /admin/v1/instances/{R}/agent-keys", null),
        ("POST /ingest/v1/batches", null),
        ("POST /ingest/v1/gaps", """{"node":"@","kind":"@","file_path":"@","bytes":#,"detected_at":"@","reason":"@"}"""),
        ("POST /ingest/v1/status", """{"node":"@","kind":"@","last_error":"@"}"""), ("GET /ingest/v1/audit-policy", null),
        ("POST /ingest/v1/audit-policy/report", """{"node":"@","version":#,"state":"@","error":"@"}"""),
        ("POST /ingest/v1/redis-slowlog", """{"node":"@","run_id":"@","entries":[{"id":#,"start_time":#,"duration":#,"command":"@","client":"@"}],"dropped":#}"""),
        ("POST /ingest/v1/redis-slowlog/status", """{"node":"@","last_error":"@"}"""),
        ("GET /download/v1/{X}/{X}/{X}", null), ("GET /health", null), ("GET /openapi/v1.json", null),
    ];

    private static readonly string[] Numbers = ["-1", "0", "7", "1e999", "99999999999999999999", "\"7\"", "null", "true", "1.5", "[]"];

    private static readonly string[] Strings =
    [
        "alice", "n1", "a1b2c3", "redis", "mysql", "redis-run", "mariadb-audit", "group-0", "127.0.0.1", "..", ".", "\\ud800", "\\udfff\\ud800",
        "\\u0000", "%00", "UTC", "Mars/Phobos", "/var/log/x.log", "2026-01-01T00:00:00Z", "CREATE", new string('x', 5000),
    ];

    private ServeProcess _serve = null!;

    public async Task InitializeAsync() =>
        _serve = await ServeProcess.StartAsync(new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), ExtraArgs = ["--EmbeddedCollector=false"] });

    public async Task DisposeAsync() => await _serve.DisposeAsync();

    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_no_hang_and_lose_nothing()
    {
        var adminKey = _serve.AdminKey;
        var credentials = new Credentials(adminKey, await TokenAsync(), await _serve.IssueAgentKeyAsync(ProcessBootstrap.RedisInstanceId));
        var random = new Random(Seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var baseUrl = new Uri(_serve.BaseUrl);
        for (var i = 0; i < Requests && failures.Count < 10; i++)
        {
            var (head, body) = Build(random, credentials);
            try
            {
                var answer = await RawHttp.SendAsync(baseUrl, head, body, TimeSpan.FromSeconds(10));
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                if (answer.Status >= 500)
                {
                    failures.Add($"{answer.Status} for {head.Split('\n')[0]} body {Preview(body)}: {answer.Body}");
                }
            }
            catch (OperationCanceledException)
            {
                failures.Add($"no answer within 10 s to {head.Split('\n')[0]}");
            }
        }

        var rss = ResidentBytes(_serve.ProcessId);
        output.WriteLine($"statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; service RSS after: {rss >> 20} MiB");
        Assert.Empty(failures);
        Assert.True(rss < RssBoundBytes, $"service RSS {rss >> 20} MiB after the fuzz run, bound {RssBoundBytes >> 20} MiB");
        using var users = new HttpRequestMessage(HttpMethod.Get, $"/admin/v1/projects/{ProcessBootstrap.ProjectId}/users");
        users.Headers.Add("X-Admin-Key", adminKey);
        using var listed = await _serve.Client.SendAsync(users);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains(ProcessBootstrap.UserName, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static (string Head, byte[]? Body) Build(Random random, Credentials credentials)
    {
        var (route, template) = random.Pick(Routes);
        var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
        var path = new StringBuilder(route[(method.Length + 1)..]);
        path.Replace("{P}", Valid(random, ProcessBootstrap.ProjectId)).Replace("{R}", Valid(random, ProcessBootstrap.RedisInstanceId))
            .Replace("{M}", Valid(random, ProcessBootstrap.MysqlInstanceId));
        while (path.ToString().Contains("{X}", StringComparison.Ordinal))
        {
            var at = path.ToString().IndexOf("{X}", StringComparison.Ordinal);
            path.Remove(at, 3).Insert(at, random.Pick(HostileRequests.Segments));
        }

        var query = string.Join('&', Enumerable.Range(0, random.Next(5)).Select(_ =>
            random.Pick(HostileRequests.QueryNames) + "=" + random.Pick(HostileRequests.QueryValues)));
        var head = new StringBuilder($"{method} {path}{(query.Length > 0 ? "?" + query : string.Empty)} HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n");
        var proper = path.ToString() switch
        {
            var p when p.StartsWith("/admin", StringComparison.Ordinal) => 1,
            var p when p.StartsWith("/ingest", StringComparison.Ordinal) => 2,
            _ => 0,
        };
        head.Append((random.Next(2) == 0 ? proper : random.Next(7)) switch
        {
            0 => $"X-Auth-Token: {credentials.Token}\n",
            1 => $"X-Admin-Key: {credentials.AdminKey}\n",
            2 => $"Authorization: Bearer {credentials.AgentKey}\n",
            3 => $"X-Sdk-Date: 20261205T000000Z\nAuthorization: SDK-HMAC-SHA256 Access={ProcessBootstrap.Ak}, SignedHeaders=host;x-sdk-date;{random.Pick(HostileRequests.QueryValues)}, Signature=ab\n",
            4 => $"Authorization: SDK-HMAC-SHA256 {random.Pick(HostileRequests.QueryValues)}\nX-Sdk-Date: {random.Pick(HostileRequests.QueryValues)}\n",
            5 => $"X-Auth-Token: {random.Pick(HostileRequests.QueryValues)}\n",
            _ => string.Empty,
        });
        if (path.ToString().StartsWith("/ingest/v1/batches", StringComparison.Ordinal))
        {
            head.Append(CultureInfo.InvariantCulture, $"X-DbLogs-Node: {random.Pick(["a1b2c3", "a1b2c3", "n1", "%00", ".."])}\nX-DbLogs-Kind: {random.Pick(["redis-run", "redis-run", "mariadb-audit", "nope", ""])}\n")
                .Append(CultureInfo.InvariantCulture, $"X-DbLogs-File-Id: {random.Pick(["f1", "f1", "", new string('f', 100)])}\nX-DbLogs-File-Path: {random.Pick(["%2Fx.log", "%zz", "%C3%28"])}\n")
                .Append(CultureInfo.InvariantCulture, $"X-DbLogs-Offset: {random.Pick(["0", "0", "5", .. HostileRequests.QueryValues])}\nX-DbLogs-File-Size: {random.Pick(HostileRequests.QueryValues)}\n");
        }

        if (method is "GET" or "DELETE" && random.Next(4) != 0)
        {
            return (head.ToString(), null);
        }

        var body = template is not null && random.Next(4) != 0 ? Fill(random, template) : HostileRequests.Body(random);
        if (random.Next(5) == 0)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Encoding: {random.Pick(["gzip", "br", "deflate", "identity", "zstd", "br, gzip"])}\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\nContent-Length: {body.Length}\n");
        return (head.ToString(), body);
    }

    private static string Valid(Random random, string id) => random.Next(4) == 0 ? random.Pick(HostileRequests.Segments) : id;

    /// <summary>The template with each '@' a string (sometimes raw invalid UTF-8 between its quotes) and each '#' a number.</summary>
    private static byte[] Fill(Random random, string template)
    {
        using var body = new MemoryStream();
        foreach (var c in template)
        {
            if (c == '@' && random.Next(6) == 0)
            {
                body.Write([0xC3, 0x28, 0xED, 0xA0, 0x80]);
            }
            else
            {
                body.Write(Encoding.UTF8.GetBytes(c switch
                {
                    '@' => random.Pick(Strings),
                    '#' => random.Pick(Numbers),
                    _ => c.ToString(),
                }));
            }
        }

        return body.ToArray();
    }

    private static string Preview(byte[]? body) => body is null ? "(none)" : Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 40)));

    private static long ResidentBytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private async Task<string> TokenAsync()
    {
        using var response = await _serve.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, ProcessBootstrap.ProjectId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    private sealed record Credentials(string AdminKey, string Token, string AgentKey);
}
