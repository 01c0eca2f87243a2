using System.Net.Sockets;
using System.Runtime.InteropServices;
using DbLogs.Collection.Agent.Metrics;
using DbLogs.Collection.Mariadb;
using DbLogs.Collection.Redis;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Configuration;
using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent;

/// <summary>
/// The agent's whole life from its configuration file: tail and ship every source, poll Redis slowlogs, apply
/// MariaDB audit policies, until cancelled. Shared by <c>dblogs agent</c> and the native <c>dblogs-agent</c>.
/// </summary>
public static class AgentRunner
{
    /// <summary>Runs until SIGTERM or SIGINT (a service manager's stop, Ctrl+C), then saves the checkpoint and returns 0.</summary>
    public static async Task<int> RunUntilStoppedAsync(string configPath, TextWriter output)
    {
        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        return await RunAsync(configPath, output, stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>The exit code when the service rejected the agent key (revoked, unknown, or issued for another instance).</summary>
    public const int KeyRejectedExitCode = 3;

    /// <returns>The process exit code: 0 after a clean stop, 2 when the configuration is invalid, 3 when the key was rejected.</returns>
    public static async Task<int> RunAsync(string configPath, TextWriter output, CancellationToken stop)
    {
        AgentConfig config;
        try
        {
            config = AgentConfigReader.ReadFile(configPath, Environment.GetEnvironmentVariable);
        }
        catch (ConfigValidationException ex)
        {
            await output.WriteLineAsync($"dblogs agent: the configuration is invalid: {ex.KeyPath}: {ex.Problem}");
            return 2;
        }

        Directory.CreateDirectory(config.StateDirectory);
        CollectorHost? host = null;
        AgentMetricsServer? metrics;
        try
        {
            metrics = config.MetricsListen is { } listen
                ? AgentMetricsServer.Start(listen, () => AgentMetrics.Render(host?.Collectors ?? [], DateTimeOffset.UtcNow))
                : null;
        }
        catch (SocketException ex)
        {
            await output.WriteLineAsync($"dblogs agent: cannot listen for metrics on {config.MetricsListen}: {ex.Message}");
            return 2;
        }

        using var metricsServer = metrics;
        var log = new AgentLog(output);
        // A node that is down must not hold a batch for the whole request timeout before the next server is tried.
        HttpMessageHandler transport = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (config.Servers.Count > 1)
        {
            transport = new ServerFailoverHandler(transport, config.Servers, TimeProvider.System, log.Write);
        }

        var keyCheck = new KeyRejectionHandler(transport);
        using var http = new HttpClient(keyCheck) { BaseAddress = new Uri(config.Servers[0], "/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add(IngestHeaders.Collector, CollectorIdentity.LoadOrCreate(config.StateDirectory));
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop, keyCheck.Rejected);
        var ct = running.Token;
        foreach (var source in config.Sources)
        {
            await output.WriteLineAsync($"dblogs agent: collecting {source.Key} from {source.Path}");
        }

        host = new CollectorHost(config.Sources, new HttpBatchSink(http, config.AgentKey, config.Compress),
            Path.Combine(config.StateDirectory, "checkpoint.json"), config.BatchBytes, new ConsoleCollectorEvents(log), TimeProvider.System);
        // MariaDB nodes also get their audit policy applied (plugin on/off, events) from the service.
        var mariadbNodes = config.Sources.Where(s => s.Kind != LogKind.RedisRun).Select(s => s.NodeId).Distinct().ToList();
        var policies = new AuditPolicySync(new HttpAuditPolicyChannel(http, config.AgentKey)).RunAsync(mariadbNodes, TimeSpan.FromSeconds(30),
            TimeProvider.System, (node, ex) => log.Write($"audit policy of node {node}: {ex.Message}"), ct);
        var slowlog = config.Slowlog is { } polled
            ? new SlowlogPollerHost(polled.Nodes, new HttpSlowlogSink(http, config.AgentKey), polled.Settings,
                Path.Combine(config.StateDirectory, "slowlog-checkpoint.json"), new ConsoleSlowlogEvents(log)).RunAsync(ct)
            : Task.CompletedTask;
        try
        {
            var heartbeat = Heartbeat.RunAsync(http, config.AgentKey, ex => log.Write($"heartbeat: {ex.Message}"), ct);
            var scraping = metrics?.RunAsync(ct) ?? Task.CompletedTask;
            await Task.WhenAll(host.RunAsync(ct), slowlog, policies, heartbeat, scraping);
        }
        catch (Exception) when (keyCheck.Reason is not null)
        {
            // A part that was mid-request when the key was rejected; the checkpoint is saved by the host regardless.
        }

        if (keyCheck.Reason is { } reason)
        {
            await output.WriteLineAsync($"dblogs agent: the service at {string.Join(", ", config.Servers)} rejected the agent key (revoked, unknown, or issued for " +
                $"another instance: check agent_key and the nodes in the configuration): {reason}; checkpoint saved, stopping");
            return KeyRejectedExitCode;
        }

        await output.WriteLineAsync("dblogs agent: stopped; checkpoint saved");
        return 0;
    }
}
