using System.Diagnostics;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
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

    /// <summary>Round A kills each agent 30 times, then round B kills the service 30 times, while the writers go on.</summary>
    [Fact]
    [Trait("Category", "Fault")]
    public Task Agent_and_service_killed_at_random_moments_store_every_written_byte_once() => RunAsync(agentRounds: Rounds, serviceRounds: Rounds);

    /// <param name="agentRounds">Round A: each agent is killed at a random moment after it started, then restarted.</param>
    /// <param name="serviceRounds">Round B: the service is killed at a random moment while the agents ship, then restarted.</param>
    private async Task RunAsync(int agentRounds, int serviceRounds)
    {
        var random = FaultRun.SeededRandom(Log);
        var clock = Stopwatch.StartNew();

        var root = Directory.CreateTempSubdirectory("dblogs-fault-").FullName;
        var data = Path.Combine(root, "data");
        var bootstrap = Path.Combine(root, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, BootstrapJson());
        await using var service = new FaultService("serve", root, data, Loopback.FreePort(), ["--bootstrap", bootstrap, "--EmbeddedCollector=false"]);
        var agents = new List<FaultAgent>();
        using var stopWriters = new CancellationTokenSource();
        var writing = new List<Task>();
        try
        {
            await service.StartAsync();
            var redisKey = await service.IssueAgentKeyAsync(RedisInstanceId);
            var mysqlKey = await service.IssueAgentKeyAsync(MysqlInstanceId);

            var r1 = new RedisRunWriter(FaultRun.LogPath(root, "redis-r1", "redis-server.log"), new Random(random.Next()), 250, 4101, 'M');
            var r2 = new RedisRunWriter(FaultRun.LogPath(root, "redis-r2", "redis-server.log"), new Random(random.Next()), 150, 4202, 'S');
            var audit = new MariadbAuditWriter(FaultRun.LogPath(root, "mysql-n1", "server_audit.log"), new Random(random.Next()), 150);
            var errors = new CopytruncateErrorWriter(FaultRun.LogPath(root, "mysql-n1", "mariadb-error.log"), new Random(random.Next()), 120);
            var sources = new (string Node, string Kind, LogWriter Writer)[]
            {
                ("r1", "redis-run", r1), ("r2", "redis-run", r2), ("n1", "mariadb-audit", audit), ("n1", "mariadb-error", errors),
            };
            writing.AddRange(sources.Select(s => s.Writer.RunAsync(stopWriters.Token)));

            agents.Add(new FaultAgent("agent-redis", FaultAgent.WriteConfig(root, "redis", [service.BaseUrl], redisKey, BatchBytes, sources[..2]), root, 2));
            agents.Add(new FaultAgent("agent-mysql", FaultAgent.WriteConfig(root, "mysql", [service.BaseUrl], mysqlKey, BatchBytes, sources[2..]), root, 2));
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
                FaultRun.ThrowIfFailed(writing);
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
            var caughtUp = await FaultRun.WaitForCatchUpAsync(service, agents, sources, Log);
            Log($"catch-up: {(caughtUp ? "done" : $"NOT done within {FaultRun.CatchUpTimeout.TotalSeconds:0} s")} ({phase.Elapsed.TotalSeconds:0.0} s)");
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
            FaultRun.TryDelete(root);
        }
    }

    private async Task<List<string>> VerifyAsync(string data, (string Node, string Kind, LogWriter Writer)[] sources, List<FaultAgent> agents)
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
            var result = StreamAlignment.Compare(written, writer.Written.BlindSpots, bytes, writer.Written.Locate, at => StreamAlignment.LocateStored(files, at));
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

    /// <summary>Waits until every source stores more than in <paramref name="baseline"/> (restarting agents that died on their own).</summary>
    /// <returns>The sources then; null when that did not happen in time.</returns>
    private static async Task<List<SourceState>?> WaitForProgressAsync(FaultService service, List<FaultAgent> agents, List<Task> writing,
        List<SourceState>? baseline, int sources, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            foreach (var agent in agents)
            {
                agent.RestartIfDied();
            }

            FaultRun.ThrowIfFailed(writing);
            var now = await service.ListSourcesAsync();
            if (now is not null && now.Count == sources && now.All(s => s.Stored > (baseline?.Find(b => b.Key == s.Key)?.Stored ?? 0)))
            {
                return now;
            }

            await Task.Delay(50);
        }

        return null;
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

    private void Log(string line) => output.WriteLine(line);
}
