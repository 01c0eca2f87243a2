using DbLogs.Processing.Streams;
using DbLogs.Storage.Files;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.RedisRun;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.RedisRun;

/// <summary>Deletes day files (entry and file) collected more than <see cref="RunLogOptions.RunLogKeepDays"/> days ago.</summary>
public sealed partial class RunLogRetention(
    IRedisRunStore entries,
    ICollectedFiles files,
    RunLogOptions options,
    IWorkLeases leases,
    TimeProvider clock,
    ILogger<RunLogRetention> log) : BackgroundService
{
    /// <summary>Deletes what has expired now; returns how many day files went.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var expired = await entries.ListCollectedBeforeAsync(clock.GetUtcNow() - TimeSpan.FromDays(options.RunLogKeepDays), ct);
        foreach (var entry in expired)
        {
            // The entry goes first: a crash in between leaves an orphan file, never an entry whose file is gone.
            await entries.DeleteAsync(entry.Id, ct);
            await files.DeleteAsync(DownloadAreas.RunLog, entry.Id, ct);
        }

        return expired.Count;
    }

    // A real-time timer: the injected clock only says what "now" is (tests move it by hand and call SweepAsync). The first
    // sweep waits an interval too: start-up stays quick, and nothing expires faster than a day anyway.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(leases, WorkLeaseNames.Sweep("run-log-retention"), options.RunLogSweepInterval, runAtStart: false, SweepAsync,
            e => LogSweepFailed(log, e), stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting expired run-log files failed; retrying at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
