using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>One <c>dblogs agent</c> on its own configuration and state directory, restarted after every kill.</summary>
/// <param name="sources">How many sources it collects: it is ready once it printed that it collects each.</param>
internal sealed class FaultAgent(string name, string configPath, string root, int sources) : IAsyncDisposable
{
    private FaultProcess? _process;
    private Ready? _ready;

    public string Name { get; } = name;

    public int Kills { get; private set; }

    public List<string> UnexpectedExits { get; } = [];

    /// <summary>What the agents printed about bytes they could not read.</summary>
    public ConcurrentQueue<string> LostLines { get; } = new();

    /// <summary>Writes an agent configuration for <paramref name="sources"/> (node, kind, file) under <paramref name="root"/>;
    /// one server is written as a URL, several as a list.</summary>
    public static string WriteConfig(string root, string name, IReadOnlyList<string> servers, string key, int batchBytes,
        IEnumerable<(string Node, string Kind, LogWriter Writer)> sources) =>
        WriteConfig(root, name, servers, key, batchBytes, sources.Select(s => (s.Node, s.Kind, s.Writer.LivePath)));

    /// <summary>Writes an agent configuration for sources given as (node, kind, path of the live file).</summary>
    public static string WriteConfig(string root, string name, IReadOnlyList<string> servers, string key, int batchBytes,
        IEnumerable<(string Node, string Kind, string Path)> sources)
    {
        var path = Path.Combine(root, $"agent-{name}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = servers.Count == 1 ? servers[0] : servers,
            ["agent_key"] = key,
            ["state_dir"] = Path.Combine(root, "state-" + name),
            ["batch_bytes"] = batchBytes,
            ["sources"] = sources.Select(s => new Dictionary<string, string> { ["kind"] = s.Kind, ["path"] = s.Path, ["node"] = s.Node }).ToList(),
        }));
        return path;
    }

    public void Start()
    {
        var ready = new Ready();
        _ready = ready;
        _process = FaultProcess.Start(Name, ["agent", "--config", configPath], root, line =>
        {
            if (line.StartsWith("dblogs agent: collecting ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref ready.Collecting);
            }
            else if (line.Contains("LOST", StringComparison.Ordinal))
            {
                LostLines.Enqueue(line);
            }
        });
    }

    /// <summary>An agent that exited without being killed is a finding: kept, and the agent started again.</summary>
    public void RestartIfDied(bool restart = true)
    {
        if (_process is { HasExited: true, KilledByTest: false } died)
        {
            UnexpectedExits.Add($"{Name} exited by itself: {died}");
            if (restart)
            {
                Start();
            }
        }
    }

    /// <summary>Once the agent runs its sources, waits <paramref name="delayMs"/>, kills it and starts it again.</summary>
    public async Task KillAtRandomMomentAsync(int delayMs)
    {
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref _ready!.Collecting) < sources)
        {
            RestartIfDied();
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{Name} did not start collecting within 30 s: {_process}");
            await Task.Delay(10);
        }

        await Task.Delay(delayMs);
        await _process!.KillAsync();
        Kills++;
        Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            RestartIfDied(restart: false);
            await _process.DisposeAsync();
            _process = null;
        }
    }

    private sealed class Ready
    {
        public int Collecting;
    }
}
