using System.Diagnostics;
using System.Globalization;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>The steps the kill tests share: log files under a run's root, writers that fail, and waiting for agents to catch up.</summary>
internal static class FaultRun
{
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>The run's random choices: seeded from <c>DBLOGS_FAULT_SEED</c> when set (a replay), else at random; the seed is logged.</summary>
    public static Random SeededRandom(Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var seed = Environment.GetEnvironmentVariable("DBLOGS_FAULT_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        log($"seed {seed} (DBLOGS_FAULT_SEED={seed} replays the random choices)");
        return new Random(seed);
    }

    public static string LogPath(string root, string directory, string name)
    {
        var path = Path.Combine(root, "logs", directory);
        Directory.CreateDirectory(path);
        return Path.Combine(path, name);
    }

    /// <summary>A writer that failed (the test's own fault) ends the test at once.</summary>
    public static void ThrowIfFailed(List<Task> writing)
    {
        if (writing.Find(t => t.IsFaulted) is { } failed)
        {
            failed.GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Until every source holds at least what was written (less the blind spots for copytruncate), reports no lag, and
    /// nothing changed for <see cref="SettleTime"/>, as <paramref name="service"/> says (restarting agents that died on their own).
    /// </summary>
    public static async Task<bool> WaitForCatchUpAsync(FaultService service, IReadOnlyList<FaultAgent> agents,
        IReadOnlyList<(string Node, string Kind, LogWriter Writer)> sources, Action<string> log)
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

        log($"catch-up timed out; last state: {last}");
        return false;
    }

    public static void TryDelete(string directory)
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
}
