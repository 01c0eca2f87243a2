using System.Threading.Channels;
using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Files;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.RedisRun;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Processing.RedisRun;

/// <summary>
/// Collection jobs of CreateRedislog: <see cref="QueueAsync"/> marks the replica's days <c>collecting</c> in the store,
/// which is the job. The background loop of every node looks for such days (at once after queueing one, else every
/// <see cref="RunLogOptions.RunLogJobInterval"/>) and runs those of the replicas whose jobs lease it holds: it cuts each day
/// out of the replica's stored run-log stream into a day file (the stream ranges of its lines), then marks it
/// <c>succeed</c> (or <c>failed</c>); a day without lines loses its entry. The days a stopped node left are run by the
/// node that takes its lease.
/// </summary>
public sealed partial class RunLogJobs(
    IRedisRunStore entries,
    IRegistryStore registry,
    ISourceStore sources,
    RunLogDayCutter cutter,
    ICollectedFiles files,
    IWorkLeases leases,
    RunLogOptions options,
    TimeProvider clock,
    ILogger<RunLogJobs> log) : BackgroundService
{
    private readonly Channel<bool> _queued = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _succeeded;
    private long _empty;
    private long _failed;

    /// <summary>Days collected since start, by outcome: a day file, no file (no lines that day), or failed.</summary>
    public (long Succeeded, long Empty, long Failed) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _empty), Interlocked.Read(ref _failed));

    /// <summary>Marks the days the query asks for as <c>collecting</c> and wakes the loop; returns the entry ids.</summary>
    public async Task<IReadOnlyList<string>> QueueAsync(Node node, int queryTime, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        var zone = TimeZones.FindOrUtc(node.TimeZone);
        var now = clock.GetUtcNow();
        var ids = new List<string>();
        foreach (var day in RunLogDays.For(queryTime, now, zone))
        {
            ids.Add(await entries.BeginAsync(Guid.NewGuid().ToString("D"), node.InstanceId, node.Id, node.Shard ?? string.Empty, node.Ip, day, now, ct));
        }

        _queued.Writer.TryWrite(true);
        return ids;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await RunDueAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs the <c>collecting</c> days of every replica whose jobs lease this node holds (or takes).</summary>
    private async Task RunDueAsync(CancellationToken ct)
    {
        IReadOnlyList<RunLogFile> collecting;
        try
        {
            collecting = await entries.ListCollectingAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogListFailed(log, e.Message);
            return;
        }

        foreach (var replica in collecting.GroupBy(e => (e.InstanceId, e.ReplicationId)))
        {
            var (instanceId, replicaId) = replica.Key;
            try
            {
                await leases.RunIfHeldAsync(WorkLeaseNames.RunLogJobs(instanceId, replicaId), held => RunAsync(instanceId, replicaId, [.. replica], held), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The store unreachable while reading or marking the job: its days stay "collecting" and the next pass runs them.
                LogJobFailed(log, e, instanceId, replicaId, LogKind.RedisRun.Name());
            }
        }
    }

    private async Task WaitAsync(CancellationToken ct)
    {
        using var interval = CancellationTokenSource.CreateLinkedTokenSource(ct);
        interval.CancelAfter(options.RunLogJobInterval);
        try
        {
            await _queued.Reader.ReadAsync(interval.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(string instanceId, string replicaId, IReadOnlyList<RunLogFile> days, CancellationToken ct)
    {
        var node = (await registry.ListNodesAsync(instanceId, ct)).FirstOrDefault(n => n.Id == replicaId);
        var zone = TimeZones.FindOrUtc(node?.TimeZone);
        var source = (await sources.ListSourcesAsync(instanceId, ct)).FirstOrDefault(s => s.NodeId == replicaId && s.Kind == LogKind.RedisRun);
        foreach (var listed in days)
        {
            // Read again under the lease: a day the lease's previous holder finished after the listing is not collected twice.
            if ((await entries.GetAsync(instanceId, listed.Id, ct))?.Status != RunLogStatus.Collecting)
            {
                continue;
            }

            await RunDayAsync(source, zone, listed, ct);
        }
    }

    private async Task RunDayAsync(SourceRecord? source, TimeZoneInfo zone, RunLogFile entry, CancellationToken ct)
    {
        try
        {
            var ranges = source is null ? [] : await cutter.CutAsync(source, zone, entry.Day, ct);
            var size = ranges.Count == 0 ? 0 : await files.WriteRangesAsync(DownloadAreas.RunLog, entry.Id, new RangesManifest(source!.Id, ranges), ct);
            if (size == 0)
            {
                await files.DeleteAsync(DownloadAreas.RunLog, entry.Id, ct);
                await entries.DeleteAsync(entry.Id, ct);
                Interlocked.Increment(ref _empty);
            }
            else
            {
                await entries.FinishAsync(entry.Id, RunLogStatus.Succeed, size, clock.GetUtcNow(), ct);
                Interlocked.Increment(ref _succeeded);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(log, e, entry.InstanceId, entry.ReplicationId, LogKind.RedisRun.Name(), entry.Day);
            Interlocked.Increment(ref _failed);
            await entries.FinishAsync(entry.Id, RunLogStatus.Failed, 0, clock.GetUtcNow(), CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: collecting the run log of {Day} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string instance, string node, string kind, DateOnly day);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Instance}/{Node}/{Kind}: a run-log job failed; the next pass runs it again")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string instance, string node, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for run-log jobs failed (the store is unreachable?); trying again: {Error}")]
    private static partial void LogListFailed(ILogger logger, string error);
}
