using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace DbLogs.Bench;

/// <summary>
/// A real <c>dblogs serve</c> in a temporary directory, bootstrapped with the bench project, its user and the given
/// instances; <see cref="Api"/> calls the cloud routes with a token, <see cref="Admin"/> the admin routes, and agents
/// started with <see cref="StartAgentAsync"/> ship logs to it. Disposing stops them all and deletes the directory.
/// </summary>
internal sealed class BenchService : IAsyncDisposable
{
    public const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";

    /// <summary>
    /// The master key of every service the bench starts: a store keeps a check value of the key its secrets were written
    /// with, and a node of a shared store, or a later run on a restored cache, with another key refuses to start.
    /// </summary>
    public const string MasterKey = "ZGJsb2dzLWJlbmNoLW1hc3Rlci1rZXktMzItYnl0ZXM=";
    private const string Password = "bench password";
    private static readonly string[] PasswordMethod = ["password"];
    private readonly List<Process> _processes = [];
    private readonly List<Process> _nodes = [];
    private string _nodeArguments = string.Empty;

    private BenchService(string dir, string baseUrl)
    {
        Dir = dir;
        BaseUrl = baseUrl;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        Admin = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string Dir { get; }
    public string BaseUrl { get; }
    public HttpClient Api { get; }
    public HttpClient Admin { get; }
    public string Token { get; private set; } = string.Empty;

    /// <summary>The <c>dblogs serve</c> processes: the first one, then those of <see cref="StartNodeAsync"/>.</summary>
    public IReadOnlyList<Process> Nodes => _nodes;

    /// <summary>
    /// Starts the service; <paramref name="seed"/>, when given, writes to its store between a first start (which migrates it)
    /// and the real one; <paramref name="storeArguments"/> choose another store than the SQLite file in the data directory.
    /// </summary>
    public static async Task<BenchService> StartAsync(string dblogs, string instancesJson, Action<string>? seed = null, string storeArguments = "")
    {
        var dir = Directory.CreateTempSubdirectory("dblogs-bench-").FullName;
        var port = ServeProcess.FreePort();
        var service = new BenchService(dir, $"http://127.0.0.1:{port}/");
        try
        {
            var data = Path.Combine(dir, "data");
            var bootstrap = Path.Combine(dir, "bootstrap.json");
            await File.WriteAllTextAsync(bootstrap, $$"""
                {"projects":[{"id":"{{ProjectId}}","name":"bench","users":[{"name":"bench","password":"{{Password}}"}],"instances":[{{instancesJson}}]}]}
                """);
            service._nodeArguments = $"--bootstrap {bootstrap} --EmbeddedCollector=false --MasterKey {MasterKey} {storeArguments}";
            var arguments = $"serve --urls {service.BaseUrl} --data {data} {service._nodeArguments}";
            var serve = service.Run(dblogs, arguments);
            await ServeProcess.WaitHealthyAsync(service.Api, serve);
            if (seed is not null)
            {
                service.Stop(serve);
                seed(Path.Combine(data, "dblogs.db"));
                serve = service.Run(dblogs, arguments);
                await ServeProcess.WaitHealthyAsync(service.Api, serve);
            }

            service._nodes.Add(serve);

            service.Admin.DefaultRequestHeaders.Add("X-Admin-Key", (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim());
            service.Token = await service.TokenAsync();
            service.Api.DefaultRequestHeaders.Add("X-Auth-Token", service.Token);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another <c>dblogs serve</c> on the same store (started with the same store arguments, which must name a shared
    /// store for it to see what the first one stored) and data directory of its own; gives its base URL once it answers.
    /// </summary>
    public async Task<string> StartNodeAsync(string dblogs, string name)
    {
        var baseUrl = $"http://127.0.0.1:{ServeProcess.FreePort()}/";
        var serve = Run(dblogs, $"serve --urls {baseUrl} --data {Path.Combine(Dir, "data-" + name)} --NodeId {name} {_nodeArguments}");
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        await ServeProcess.WaitHealthyAsync(http, serve);
        _nodes.Add(serve);
        return baseUrl;
    }

    /// <summary>
    /// A <c>dblogs agent</c> shipping <paramref name="log"/> as the Redis run log of the node, to this service or to
    /// <paramref name="servers"/> (in the order it tries them).
    /// </summary>
    public async Task<Process> StartAgentAsync(string dblogs, string instanceId, string node, string log, IReadOnlyList<string>? servers = null)
    {
        using var issued = await Admin.PostAsync($"admin/v1/instances/{instanceId}/agent-keys", null);
        issued.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString();
        var config = Path.Combine(Dir, $"agent-{node}.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = servers is null ? BaseUrl.TrimEnd('/') : servers.Select(server => server.TrimEnd('/')).ToArray(),
            ["agent_key"] = key!,
            ["state_dir"] = Path.Combine(Dir, $"agent-{node}-state"),
            ["sources"] = new[] { new Dictionary<string, string> { ["kind"] = "redis-run", ["path"] = log, ["node"] = node } },
        }));
        return Run(dblogs, $"agent --config {config}");
    }

    /// <summary>Bytes of all sources (or one instance's, or one node's) the service has stored (acknowledged to agents).</summary>
    public async Task<long> StoredBytesAsync(string? instanceId = null, string? nodeId = null)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync("admin/v1/sources" + (instanceId is null ? string.Empty : "?instance_id=" + instanceId)));
        return doc.RootElement.EnumerateArray()
            .Where(s => nodeId is null || s.GetProperty("node_id").GetString() == nodeId)
            .Sum(s => s.GetProperty("stored_bytes").GetInt64());
    }

    public void Stop(Process process)
    {
        ServeProcess.Stop(process);
        _processes.Remove(process);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            ServeProcess.Stop(process);
        }

        Api.Dispose();
        Admin.Dispose();
        Directory.Delete(Dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Process Run(string dblogs, string arguments)
    {
        var process = ServeProcess.Start(dblogs, arguments);
        _processes.Add(process);
        return process;
    }

    private async Task<string> TokenAsync()
    {
        var body = JsonSerializer.Serialize(new
        {
            auth = new
            {
                identity = new { methods = PasswordMethod, password = new { user = new { name = "bench", password = Password } } },
                scope = new { project = new { id = ProjectId } },
            },
        });
        using var response = await Api.PostAsync("v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Subject-Token").Single();
    }
}
