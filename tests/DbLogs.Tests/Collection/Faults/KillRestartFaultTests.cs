using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Xunit.Abstractions;

namespace DbLogs.Tests.Collection.Faults;

[CollectionDefinition(nameof(FaultTestGroup), DisableParallelization = true)]
public sealed class FaultTestGroup;

/// <summary>
/// Kills <c>dblogs agent</c> and, separately, <c>dblogs serve</c> with SIGKILL at random moments while servers write
/// and rotate their logs the way Redis, MariaDB's audit plugin and logrotate's copytruncate do; in the end every
/// source's stored stream must be, byte for byte, what was written: no duplicate, no gap (copytruncate's blind spot
/// aside, which is measured and reported). Set <c>DBLOGS_FAULT_SEED</c> to replay a run's random choices.
/// </summary>
[Collection(nameof(FaultTestGroup))]
public sealed class KillRestartFaultTests(ITestOutputHelper output)
{
    private const string RedisInstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string MysqlInstanceId = "eb8fe5d181ec44a2850302691541f760in01";
    private const int Rounds = 30;
    private const int BatchBytes = 4096;
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>Round A kills each agent 30 times, then round B kills the service 30 times, while the writers go on.</summary>
    [Fact]
    [Trait("Category", "Fault")]
    public Task Agent_and_service_killed_at_random_moments_store_every_written_byte_once() => RunAsync(agentRounds: Rounds, serviceRounds: Rounds);

    /// <param name="agentRounds">Round A: each agent is killed at a random moment after it started, then restarted.</param>
    /// <param name="serviceRounds">Round B: the service is killed at a random moment while the agents ship, then restarted.</param>
    private async Task RunAsync(int agentRounds, int serviceRounds)
    {
        var seed = Environment.GetEnvironmentVariable("DBLOGS_FAULT_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        Log($"seed {seed} (DBLOGS_FAULT_SEED={seed} replays the random choices)");

        var root = Directory.CreateTempSubdirectory("dblogs-fault-").FullName;
        var data = Path.Combine(root, "data");
        var bootstrap = Path.Combine(root, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, BootstrapJson());
        await using var service = new Service(root, data, bootstrap, Loopback.FreePort());
        var agents = new List<Agent>();
        using var stopWriters = new CancellationTokenSource();
        var writing = new List<Task>();
        try
        {
            await service.StartAsync();
            var redisKey = await service.IssueAgentKeyAsync(RedisInstanceId);
            var mysqlKey = await service.IssueAgentKeyAsync(MysqlInstanceId);

            var r1 = new RedisRunWriter(LogPath(root, "redis-r1", "redis-server.log"), new Random(random.Next()), 250, 4101, 'M');
            var r2 = new RedisRunWriter(LogPath(root, "redis-r2", "redis-server.log"), new Random(random.Next()), 150, 4202, 'S');
            var audit = new MariadbAuditWriter(LogPath(root, "mysql-n1", "server_audit.log"), new Random(random.Next()), 150);
            var errors = new CopytruncateErrorWriter(LogPath(root, "mysql-n1", "mariadb-error.log"), new Random(random.Next()), 120);
            var sources = new (string Node, string Kind, LogWriter Writer)[]
            {
                ("r1", "redis-run", r1), ("r2", "redis-run", r2), ("n1", "mariadb-audit", audit), ("n1", "mariadb-error", errors),
            };
            writing.AddRange(sources.Select(s => s.Writer.RunAsync(stopWriters.Token)));

            agents.Add(new Agent("agent-redis", WriteAgentConfig(root, "redis", service.BaseUrl, redisKey, sources[..2]), root, 2));
            agents.Add(new Agent("agent-mysql", WriteAgentConfig(root, "mysql", service.BaseUrl, mysqlKey, sources[2..]), root, 2));
            foreach (var agent in agents)
            {
                agent.Start();
            }

            var baseline = await WaitForProgressAsync(service, agents, writing, null, sources.Length, TimeSpan.FromSeconds(60));
            Log($"set-up done: every source stores bytes ({clock.Elapsed.TotalSeconds:0.0} s)");

            // Round A: SIGKILL each agent at a random moment after it started, restart it on its state directory.
            var phase = Stopwatch.StartNew();
            for (var round = 0; round < agentRounds; round++)
            {
                ThrowIfFailed(writing);
                await Task.WhenAll(agents.Select(a => a.KillAtRandomMomentAsync(random.Next(50, 401))));
            }

            Log($"round A: {agentRounds} rounds, {string.Join(", ", agents.Select(a => $"{a.Name} killed {a.Kills} times"))} ({phase.Elapsed.TotalSeconds:0.0} s)");

            // Round B: SIGKILL the service at a random moment while the agents ship, restart it on the same port and data.
            phase.Restart();
            var stalled = 0;
            for (var round = 0; round < serviceRounds; round++)
            {
                var progressed = await WaitForProgressAsync(service, agents, writing, baseline, sources.Length, TimeSpan.FromSeconds(30));
                stalled += progressed is null ? 1 : 0;
                await Task.Delay(random.Next(50, 401));
                await service.KillAsync();
                await service.StartAsync();
                baseline = await service.ListSourcesAsync() ?? [];
            }

            Log($"round B: {serviceRounds} rounds, service killed {service.Kills} times, {stalled} round(s) without progress before the kill " +
                $"({phase.Elapsed.TotalSeconds:0.0} s)");

            // Stop writing, let the agents catch up.
            await stopWriters.CancelAsync();
            await Task.WhenAll(writing);
            audit.Dispose();
            phase.Restart();
            var caughtUp = await WaitForCatchUpAsync(service, agents, sources);
            Log($"catch-up: {(caughtUp ? "done" : $"NOT done within {CatchUpTimeout.TotalSeconds:0} s")} ({phase.Elapsed.TotalSeconds:0.0} s)");
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            await service.KillAsync();

            var problems = await VerifyAsync(data, sources, agents);
            problems.AddRange(agents.SelectMany(a => a.UnexpectedExits));
            Log($"total {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }
        finally
        {
            await stopWriters.CancelAsync();
            await Task.WhenAll(writing.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            await service.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(root);
        }
    }

    private async Task<List<string>> VerifyAsync(string data, (string Node, string Kind, LogWriter Writer)[] sources, List<Agent> agents)
    {
        var problems = new List<string>();
        var store = new SqliteSourceStore(new SqliteDatabase(Path.Combine(data, "dblogs.db")));
        var segments = new SegmentStore(Path.Combine(data, "streams"));
        var stored = await store.ListSourcesAsync(null);
        foreach (var (node, kind, writer) in sources)
        {
            var name = $"{node}/{kind}";
            var copytruncate = writer is CopytruncateErrorWriter;
            var written = writer.Written.ToArray();
            var source = stored.SingleOrDefault(s => s.NodeId == node && s.Kind.Name() == kind);
            if (source is null)
            {
                problems.Add($"{name}: the service has no such source");
                continue;
            }

            var bytes = await Collected.ReadAsync(segments, source);
            var files = await store.ListFilesAsync(source.Id);
            var gaps = await store.ListGapsAsync(source.Id);
            var result = StreamAlignment.Compare(written, writer.Written.BlindSpots, bytes, writer.Written.Locate, at => LocateStored(files, at));
            var gapBytes = gaps.Sum(g => g.Bytes);
            Log($"{name}: {writer.Written.Lines} lines, {written.Length} bytes written in {writer.Rotations + 1} files ({writer.Rotations} rotations); " +
                $"stored {bytes.Length} bytes in {files.Count} files; gaps recorded: {gaps.Count} ({gapBytes} bytes); " +
                (result.Matches ? "MATCHES" : "DIFFERS"));
            if (!result.Matches)
            {
                problems.Add($"{name}: the stored stream is not what was written.\n{result.Diagnosis}\nservice files of the source:\n" +
                    string.Join("\n", files.Select(f => $"  {f.FileId} {f.Path} stream [{f.StreamStart}, {f.StreamEnd}) file [{f.FileStart}, {f.StoredEnd})")));
            }

            var misplaced = files.Where((f, i) => f.FileStart != 0 || (i > 0 && f.StreamStart != files[i - 1].StreamEnd)).ToList();
            if (misplaced.Count > 0)
            {
                problems.Add($"{name}: files stored from the middle or not back to back: " +
                    string.Join("; ", misplaced.Select(f => $"{f.FileId} {f.Path} stream [{f.StreamStart}, {f.StreamEnd}) file [{f.FileStart}, {f.StoredEnd})")));
            }

            if (copytruncate)
            {
                Log($"{name}: COPYTRUNCATE BLIND SPOT: {writer.Written.BlindSpots.Count(b => b.End > b.Start)} of {writer.Rotations} rotations wrote " +
                    $"{writer.Written.BlindSpotBytes} bytes between the copy and the truncate; " +
                    (result.Matches ? $"{result.MissingInBlindSpots} of them are not stored (the agent read the rest from the live file before the truncate); "
                        : "how many of them are stored is unknown (the stream differs); ") +
                    $"the agent reported {gapBytes} bytes lost " +
                    $"({string.Join(", ", gaps.GroupBy(g => g.Reason).Select(g => $"{g.Key}: {g.Count()}"))})");
                var other = gaps.Where(g => !g.Reason.StartsWith("copytruncate", StringComparison.Ordinal)).ToList();
                if (other.Count > 0)
                {
                    problems.Add($"{name}: gaps other than copytruncate's: {string.Join("; ", other)}");
                }

                if (result.Matches && gapBytes > result.MissingInBlindSpots)
                {
                    problems.Add($"{name}: the agent reported {gapBytes} bytes lost, more than the {result.MissingInBlindSpots} missing");
                }
            }
            else if (gaps.Count > 0)
            {
                problems.Add($"{name}: gaps recorded although nothing was lost on disk: {string.Join("; ", gaps)}");
            }
        }

        foreach (var agent in agents)
        {
            foreach (var line in agent.LostLines)
            {
                Log($"{agent.Name} printed: {line}");
            }
        }

        return problems;
    }

    private static string LocateStored(IReadOnlyList<SourceFileRecord> files, long at)
    {
        var index = files.ToList().FindIndex(f => f.StreamStart <= at && at < f.StreamEnd);
        if (index < 0)
        {
            return "past the stored files";
        }

        var file = files[index];
        return $"service file #{index + 1} of {files.Count}, {file.FileId} ({Path.GetFileName(file.Path)}) at file offset " +
            $"{file.FileStart + (at - file.StreamStart)}, its stream range [{file.StreamStart}, {file.StreamEnd})";
    }

    /// <summary>Waits until every source stores more than in <paramref name="baseline"/> (restarting agents that died on their own).</summary>
    /// <returns>The sources then; null when that did not happen in time.</returns>
    private static async Task<List<SourceState>?> WaitForProgressAsync(Service service, List<Agent> agents, List<Task> writing,
        List<SourceState>? baseline, int sources, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            foreach (var agent in agents)
            {
                agent.RestartIfDied();
            }

            ThrowIfFailed(writing);
            var now = await service.ListSourcesAsync();
            if (now is not null && now.Count == sources && now.All(s => s.Stored > (baseline?.Find(b => b.Key == s.Key)?.Stored ?? 0)))
            {
                return now;
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>
    /// Until every source holds at least what was written (less the blind spots for copytruncate), reports no lag, and
    /// nothing changed for <see cref="SettleTime"/>.
    /// </summary>
    private async Task<bool> WaitForCatchUpAsync(Service service, List<Agent> agents, (string Node, string Kind, LogWriter Writer)[] sources)
    {
        var waited = Stopwatch.StartNew();
        var stable = Stopwatch.StartNew();
        string? last = null;
        while (waited.Elapsed < CatchUpTimeout)
        {
            foreach (var agent in agents)
            {
                agent.RestartIfDied();
            }

            var now = await service.ListSourcesAsync();
            if (now is not null)
            {
                var state = string.Join(" ", now.Select(s => $"{s.Key}={s.Stored}/lag {s.Lag}"));
                if (state != last)
                {
                    last = state;
                    stable.Restart();
                }

                var enough = sources.All(source => now.Find(s => s.Key == $"{source.Node}/{source.Kind}") is { } s && s.Lag == 0 &&
                    s.Stored >= source.Writer.Written.Length - source.Writer.Written.BlindSpotBytes);
                if (enough && stable.Elapsed >= SettleTime)
                {
                    return true;
                }
            }

            await Task.Delay(100);
        }

        Log($"catch-up timed out; last state: {last}");
        return false;
    }

    /// <summary>A writer that failed (the test's own fault) ends the test at once.</summary>
    private static void ThrowIfFailed(List<Task> writing)
    {
        if (writing.Find(t => t.IsFaulted) is { } failed)
        {
            failed.GetAwaiter().GetResult();
        }
    }

    private static string LogPath(string root, string directory, string name)
    {
        var path = Path.Combine(root, "logs", directory);
        Directory.CreateDirectory(path);
        return Path.Combine(path, name);
    }

    private static string WriteAgentConfig(string root, string name, string server, string key, (string Node, string Kind, LogWriter Writer)[] sources)
    {
        var path = Path.Combine(root, $"agent-{name}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["server"] = server,
            ["agent_key"] = key,
            ["state_dir"] = Path.Combine(root, "state-" + name),
            ["batch_bytes"] = BatchBytes,
            ["sources"] = sources.Select(s => new Dictionary<string, string> { ["kind"] = s.Kind, ["path"] = s.Writer.LivePath, ["node"] = s.Node }).ToList(),
        }));
        return path;
    }

    private static string BootstrapJson() => $$"""
        {
          "projects": [
            {
              "id": "0524e839a54847039e9b2b46e8aa788a",
              "name": "demo",
              "instances": [
                {
                  "id": "{{RedisInstanceId}}", "name": "cache-1", "engine": "redis",
                  "shards": [ { "name": "group-0", "replicas": [
                    { "id": "r1", "ip": "127.0.0.1", "port": 6379, "role": "master" },
                    { "id": "r2", "ip": "127.0.0.2", "port": 6379, "role": "replica" } ] } ]
                },
                {
                  "id": "{{MysqlInstanceId}}", "name": "db-1", "engine": "mysql",
                  "nodes": [ { "id": "n1", "ip": "127.0.0.1", "port": 3306, "time_zone": "Europe/Berlin" } ]
                }
              ]
            }
          ]
        }
        """;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: a killed process may still hold a file for a moment
        }
    }

    private void Log(string line) => output.WriteLine(line);

    private sealed record SourceState(string Key, long Stored, long Lag);

    /// <summary><c>dblogs serve</c> on a fixed port and data directory, restarted after every kill.</summary>
    private sealed class Service(string root, string data, string bootstrap, int port) : IAsyncDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        private FaultProcess? _process;

        public string BaseUrl => $"http://127.0.0.1:{port}";

        public int Kills { get; private set; }

        /// <summary>Starts the service on its port; the port of a just-killed service can take a moment to be free again,
        /// anything else is a finding.</summary>
        public async Task StartAsync() =>
            _process = await ServerStart.WithRetriesAsync(TryStartAsync, attempts: 5, retryable: ServerStart.PortTaken);

        private async Task<(FaultProcess? Process, string Failure)> TryStartAsync()
        {
            var process = FaultProcess.Start("serve",
                ["serve", "--urls", BaseUrl, "--data", data, "--bootstrap", bootstrap, "--EmbeddedCollector=false"], root);
            var waited = Stopwatch.StartNew();
            while (!process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), probe.Token);
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
            request.Headers.Add("X-Admin-Key", AdminKey());
            using var response = await _http.SendAsync(request);
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
                request.Headers.Add("X-Admin-Key", AdminKey());
                using var response = await _http.SendAsync(request);
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

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }

        private string AdminKey() => File.ReadAllText(Path.Combine(data, "admin.key")).Trim();
    }

    /// <summary>One <c>dblogs agent</c> on its own configuration and state directory, restarted after every kill.</summary>
    private sealed class Agent(string name, string configPath, string root, int sources) : IAsyncDisposable
    {
        private FaultProcess? _process;
        private Ready? _ready;

        public string Name { get; } = name;

        public int Kills { get; private set; }

        public List<string> UnexpectedExits { get; } = [];

        /// <summary>What the agents printed about bytes they could not read.</summary>
        public ConcurrentQueue<string> LostLines { get; } = new();

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
}
