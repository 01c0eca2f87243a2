using System.CommandLine;
using DbLogs.Collection.Agent;
using DbLogs.Collection.Mariadb;
using DbLogs.Collection.Redis;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Configuration;
using DbLogs.Core.Logs;

namespace DbLogs.Cli.Commands;

/// <summary><c>dblogs agent --config FILE</c>: tails the configured log files and ships them to the service.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Agent configuration file (JSON or YAML; see docs/collection.md).", Required = true };
        var command = new Command("agent", "Collect log files on this host and ship them to a DbLogs service.") { config };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(config)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, CancellationToken ct)
    {
        AgentConfig config;
        try
        {
            config = AgentConfigReader.ReadFile(configPath, Environment.GetEnvironmentVariable);
        }
        catch (ConfigValidationException ex)
        {
            await Console.Error.WriteLineAsync($"dblogs agent: the configuration is invalid: {ex.KeyPath}: {ex.Problem}");
            return 2;
        }

        Directory.CreateDirectory(config.StateDirectory);
        using var http = new HttpClient { BaseAddress = new Uri(config.Server, "/"), Timeout = TimeSpan.FromSeconds(60) };
        var events = new ConsoleCollectorEvents(Console.Error);
        foreach (var source in config.Sources)
        {
            await Console.Error.WriteLineAsync($"dblogs agent: collecting {source.Key} from {source.Path}");
        }

        var host = new CollectorHost(config.Sources, new HttpBatchSink(http, config.AgentKey),
            Path.Combine(config.StateDirectory, "checkpoint.json"), config.BatchBytes, events, TimeProvider.System);
        // MariaDB nodes also get their audit policy applied (plugin on/off, events) from the service.
        var mariadbNodes = config.Sources.Where(s => s.Kind != LogKind.RedisRun).Select(s => s.NodeId).Distinct().ToList();
        var policies = new AuditPolicySync(new HttpAuditPolicyChannel(http, config.AgentKey)).RunAsync(mariadbNodes, TimeSpan.FromSeconds(30),
            TimeProvider.System, (node, ex) => Console.Error.WriteLine($"dblogs agent: audit policy of node {node}: {ex.Message}"), ct);
        var slowlog = config.Slowlog is { } polled
            ? new SlowlogPollerHost(polled.Nodes, new HttpSlowlogSink(http, config.AgentKey), polled.Settings,
                Path.Combine(config.StateDirectory, "slowlog-checkpoint.json"), new ConsoleSlowlogEvents(Console.Error)).RunAsync(ct)
            : Task.CompletedTask;
        await Task.WhenAll(host.RunAsync(ct), slowlog, policies);
        await Console.Error.WriteLineAsync("dblogs agent: stopped; checkpoint saved");
        return 0;
    }
}
