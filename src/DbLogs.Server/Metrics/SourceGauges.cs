using System.Diagnostics;
using DbLogs.Core.Logs;
using DbLogs.Processing.RedisRun;
using DbLogs.Processing.Streams;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;
using Prometheus;

namespace DbLogs.Server.Metrics;

/// <summary>
/// What the store says at scrape time: per source the collection lag, stored bytes, gaps, current error and the lag of each
/// follower's cursor (audit-file cutter, error/slow-log parsers); the run-log jobs done. Read when Prometheus scrapes, so
/// nothing runs between scrapes; a source deleted since the last scrape loses its series.
/// </summary>
public sealed class SourceGauges : IDisposable
{
    private static readonly string[] CursorLabels = [.. ServiceMetrics.SourceLabels, "consumer"];

    private readonly ServiceMetrics _metrics;
    private readonly ISourceStore _sources;
    private readonly IRegistryStore _registry;
    private readonly AppendFailures _failures;
    private readonly IStreamFollower[] _followers;
    private readonly RunLogJobs _runLogJobs;
    private readonly TimeProvider _clock;
    private readonly Gauge _lagBytes;
    private readonly Gauge _lagSeconds;
    private readonly Gauge _stored;
    private readonly Gauge _gaps;
    private readonly Gauge _gapBytes;
    private readonly Gauge _error;
    private readonly Gauge _cursorLag;
    private readonly Counter _runLogDays;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<string[]> _shown = new(LabelsComparer.Instance);

    public SourceGauges(ServiceMetrics metrics, ISourceStore sources, IRegistryStore registry, AppendFailures failures,
        IEnumerable<IStreamFollower> followers, RunLogJobs runLogJobs, TimeProvider clock)
    {
        (_metrics, _sources, _registry, _failures, _followers, _runLogJobs, _clock) = (metrics, sources, registry, failures, [.. followers], runLogJobs, clock);
        var f = metrics.Factory;
        var labels = ServiceMetrics.SourceLabels;
        _lagBytes = f.CreateGauge("dblogs_collection_lag_bytes", "Bytes of the source's current file the service does not hold yet.", labels);
        _lagSeconds = f.CreateGauge("dblogs_collection_lag_seconds", "Seconds since the last stored batch while the source lags, else 0.", labels);
        _stored = f.CreateGauge("dblogs_stored_bytes", "Length of the source's stored stream.", labels);
        _gaps = f.CreateGauge("dblogs_gaps", "Gaps recorded for the source: bytes its collector could not read.", labels);
        _gapBytes = f.CreateGauge("dblogs_gap_bytes", "Bytes lost in the source's recorded gaps.", labels);
        _error = f.CreateGauge("dblogs_source_error", "1 while the source's collector reports an error (as dblogs admin sources shows), else 0.", labels);
        _cursorLag = f.CreateGauge("dblogs_cursor_lag_bytes",
            "Bytes of the source's stream a follower (audit-file cutter, error or slow-log parser) has not consumed yet.", CursorLabels);
        _runLogDays = f.CreateCounter("dblogs_runlog_jobs_total",
            "Days of Redis run log collected by CreateRedislog jobs, by outcome (succeed, empty: no lines that day, failed).", ["outcome"]);
        metrics.Registry.AddBeforeCollectCallback(UpdateAsync);
    }

    public void Dispose() => _gate.Dispose();

    private async Task UpdateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var pingStart = Stopwatch.GetTimestamp();
            await _registry.PingAsync(ct);
            ServiceMetrics.ObserveSince(_metrics.Ping, pingStart);

            var (succeeded, empty, failed) = _runLogJobs.Outcomes;
            _runLogDays.WithLabels("succeed").IncTo(succeeded);
            _runLogDays.WithLabels("empty").IncTo(empty);
            _runLogDays.WithLabels("failed").IncTo(failed);

            var shown = new HashSet<string[]>(LabelsComparer.Instance);
            foreach (var source in await _sources.ListSourcesAsync(null, ct))
            {
                await ShowAsync(source, shown, ct);
            }

            foreach (var gone in _shown.Where(labels => !shown.Contains(labels)))
            {
                Gauge[] series = gone.Length == CursorLabels.Length ? [_cursorLag] : [_lagBytes, _lagSeconds, _stored, _gaps, _gapBytes, _error];
                foreach (var gauge in series)
                {
                    gauge.RemoveLabelled(gone);
                }
            }

            _shown = shown;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ShowAsync(SourceRecord source, HashSet<string[]> shown, CancellationToken ct)
    {
        string[] labels = [source.InstanceId, source.NodeId, source.Kind.Name()];
        var lag = await SourceLag.ReadAsync(_sources, source, _failures, _clock.GetUtcNow(), ct);
        var gaps = await _sources.ListGapsAsync(source.Id, ct);
        _lagBytes.WithLabels(labels).Set(lag.Bytes);
        _lagSeconds.WithLabels(labels).Set(lag.Seconds);
        _stored.WithLabels(labels).Set(source.Length);
        _gaps.WithLabels(labels).Set(gaps.Count);
        _gapBytes.WithLabels(labels).Set(gaps.Sum(g => g.Bytes));
        _error.WithLabels(labels).Set((lag.Failure?.Error ?? source.LastError) is null ? 0 : 1);
        shown.Add(labels);

        foreach (var follower in _followers.Where(f => f.KeepsCursor && f.Follows(source.Kind)))
        {
            var cursor = await follower.ReadCursorAsync(source.Id, ct);
            string[] cursorLabels = [.. labels, follower.Name];
            _cursorLag.WithLabels(cursorLabels).Set(Math.Max(0, source.Length - (cursor?.Position ?? 0)));
            shown.Add(cursorLabels);
        }
    }

    private sealed class LabelsComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelsComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] labels)
        {
            var hash = new HashCode();
            foreach (var label in labels)
            {
                hash.Add(label);
            }

            return hash.ToHashCode();
        }
    }
}
