using System.Threading.Channels;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Files;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.RedisRun;

/// <summary>
/// Collection jobs of CreateRedislog: <see cref="QueueAsync"/> marks the replica's days
/// <c>collecting</c> and queues the job; the background loop cuts each day out of the replica's stored run-log stream
/// into a day file (the stream ranges of its lines), one job at a time, then marks it <c>succeed</c> (or <c>failed</c>); a day without lines loses
/// its entry.
/// </summary>
public sealed partial class RunLogJobs(
    IRedisRunStore entries,
    ISourceStore sources,
    RunLogDayCutter cutter,
    ICollectedFiles files,
    TimeProvider clock,
    ILogger<RunLogJobs> log) : BackgroundService
{
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private long _succeeded;
    private long _empty;
    private long _failed;

    /// <summary>Days collected since start, by outcome: a day file, no file (no lines that day), or failed.</summary>
    public (long Succeeded, long Empty, long Failed) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _empty), Interlocked.Read(ref _failed));

    /// <summary>Marks the days the query asks for as <c>collecting</c> and queues their collection; returns the entry ids.</summary>
    public async Task<IReadOnlyList<string>> QueueAsync(Node node, int queryTime, CancellationToken ct)
    {
        var zone = TimeZones.FindOrUtc(node.TimeZone);
        var now = clock.GetUtcNow();
        var days = new List<(DateOnly Day, string Id)>();
        foreach (var day in RunLogDays.For(queryTime, now, zone))
        {
            var id = await entries.BeginAsync(Guid.NewGuid().ToString("D"), node.InstanceId, node.Id, node.Shard ?? string.Empty, node.Ip, day, now, ct);
            days.Add((day, id));
        }

        _jobs.Writer.TryWrite(new Job(node, zone, days));
        return [.. days.Select(d => d.Id)];
    }

    /// <summary>Before requests are served: entries left <c>collecting</c> by a stopped service have no job any more.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await entries.FailCollectingAsync(clock.GetUtcNow(), cancellationToken);
        if (interrupted > 0)
        {
            LogInterrupted(log, interrupted);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RunAsync(job, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The store unreachable while reading or marking the job: it stays "collecting" until start-up fails it.
                    LogJobFailed(log, e, job.Node.InstanceId, job.Node.Id, LogKind.RedisRun.Name());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(Job job, CancellationToken ct)
    {
        var node = job.Node;
        var source = (await sources.ListSourcesAsync(node.InstanceId, ct))
            .FirstOrDefault(s => s.NodeId == node.Id && s.Kind == LogKind.RedisRun);
        foreach (var (day, id) in job.Days)
        {
            try
            {
                var ranges = source is null ? [] : await cutter.CutAsync(source, job.Zone, day, ct);
                var size = ranges.Count == 0 ? 0 : await files.WriteRangesAsync(DownloadAreas.RunLog, id, new RangesManifest(source!.Id, ranges), ct);
                if (size == 0)
                {
                    await files.DeleteAsync(DownloadAreas.RunLog, id, ct);
                    await entries.DeleteAsync(id, ct);
                    Interlocked.Increment(ref _empty);
                }
                else
                {
                    await entries.FinishAsync(id, RunLogStatus.Succeed, size, clock.GetUtcNow(), ct);
                    Interlocked.Increment(ref _succeeded);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFailed(log, e, node.InstanceId, node.Id, LogKind.RedisRun.Name(), day);
                Interlocked.Increment(ref _failed);
                await entries.FinishAsync(id, RunLogStatus.Failed, 0, clock.GetUtcNow(), CancellationToken.None);
            }
        }
    }

    private sealed record Job(Node Node, TimeZoneInfo Zone, IReadOnlyList<(DateOnly Day, string Id)> Days);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: collecting the run log of {Day} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string instance, string node, string kind, DateOnly day);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: a run-log job failed")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string instance, string node, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} run-log collection(s) were interrupted by a restart and are marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
