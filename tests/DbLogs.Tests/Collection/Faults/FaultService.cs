using System.Diagnostics;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>What <c>GET /admin/v1/sources</c> says of one source: <c>node/kind</c>, bytes stored, and the agent's last reported lag.</summary>
internal sealed record SourceState(string Key, long Stored, long Lag);

/// <summary><c>dblogs serve</c> on a fixed port and data directory, restarted after every kill.</summary>
/// <param name="args">Arguments after <c>serve --urls … --data …</c>, e.g. the bootstrap file and the store.</param>
internal sealed class FaultService(string name, string root, string data, int port, IReadOnlyList<string> args) : IAsyncDisposable
{
    private FaultProcess? _process;

    public string Name => name;

    public string BaseUrl => $"http://127.0.0.1:{port}";

    public HttpClient Client { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

    public int Kills { get; private set; }

    /// <summary>The admin key the service generated into its data directory.</summary>
    public string AdminKey => File.ReadAllText(Path.Combine(data, "admin.key")).Trim();

    /// <summary>Starts the service on its port; the port of a just-killed service can take a moment to be free again,
    /// anything else is a finding.</summary>
    public async Task StartAsync() =>
        _process = await ServerStart.WithRetriesAsync(TryStartAsync, attempts: 5, retryable: ServerStart.PortTaken);

    private async Task<(FaultProcess? Process, string Failure)> TryStartAsync()
    {
        var process = FaultProcess.Start(name, ["serve", "--urls", BaseUrl, "--data", data, .. args], root);
        var waited = Stopwatch.StartNew();
        while (!process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Client.GetAsync(new Uri("/health", UriKind.Relative), probe.Token);
                if (response.IsSuccessStatusCode)
                {
                    return (process, string.Empty);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        var failure = process.ToString();
        await process.DisposeAsync();
        return (null, $"dblogs serve did not start after a kill: {failure}");
    }

    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            Kills++;
        }
    }

    public async Task<string> IssueAgentKeyAsync(string instanceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/v1/instances/{instanceId}/agent-keys");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"issuing an agent key for {instanceId}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>GET /admin/v1/sources; null while the service does not answer.</summary>
    public async Task<List<SourceState>?> ListSourcesAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/sources");
            request.Headers.Add("X-Admin-Key", AdminKey);
            using var response = await Client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return [.. json.RootElement.EnumerateArray().Select(s => new SourceState(
                $"{s.GetProperty("node_id").GetString()}/{s.GetProperty("kind").GetString()}",
                s.GetProperty("stored_bytes").GetInt64(),
                s.GetProperty("lag_bytes").GetInt64()))];
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    public override string ToString() => _process?.ToString() ?? $"{name} (not started)";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
