using System.Collections.Concurrent;
using System.Diagnostics;
using DbLogs.Core.Logs;
using Prometheus;

namespace DbLogs.Server.Metrics;

/// <summary>
/// The service's Prometheus registry and the instruments that requests and appends update. One registry per service rather
/// than prometheus-net's static default, so several services in one process (the tests) keep their own counts.
/// </summary>
public sealed class ServiceMetrics
{
    /// <summary>
    /// A source's labels: a bounded set, as many as the registry has nodes times log kinds. Not <c>instance</c>, which Prometheus
    /// sets to the scraped target (and would rename ours to <c>exported_instance</c>).
    /// </summary>
    public static readonly string[] SourceLabels = ["instance_id", "node", "kind"];

    private readonly Counter _ingestBytes;
    private readonly Counter _ingestBatches;
    private readonly Counter _auditPolicyApplications;
    private readonly ConcurrentDictionary<long, SourceCounters> _bySource = new();

    public ServiceMetrics()
    {
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _ingestBytes = Factory.CreateCounter("dblogs_ingest_bytes_total", "Bytes appended to a source's stream (resent bytes it already held not counted).", SourceLabels);
        _ingestBatches = Factory.CreateCounter("dblogs_ingest_batches_total", "Batches that appended bytes to a source's stream.", SourceLabels);
        _auditPolicyApplications = Factory.CreateCounter("dblogs_audit_policy_applications_total",
            "Audit-policy versions a collector reported applying on a node, by outcome (applied, failed).", ["outcome"]);
        _auditPolicyApplications.WithLabels("applied"); // both outcomes show from the start, so rate() and alerts see a 0
        _auditPolicyApplications.WithLabels("failed");
        var store = Factory.CreateHistogram("dblogs_store_operation_duration_seconds",
            "Time of store operations: segment_write (bytes to disk), append_commit (the metadata that makes them visible), ping (at scrape).",
            ["operation"], new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2.5, 12) });
        SegmentWrite = store.WithLabels("segment_write");
        AppendCommit = store.WithLabels("append_commit");
        Ping = store.WithLabels("ping");
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public IMetricFactory Factory { get; }

    public Histogram.Child SegmentWrite { get; }

    public Histogram.Child AppendCommit { get; }

    public Histogram.Child Ping { get; }

    /// <summary>The counters of one source, looked up once per source rather than by labels on every batch.</summary>
    public SourceCounters For(long sourceId, string instanceId, string nodeId, LogKind kind) =>
        _bySource.GetOrAdd(sourceId, static (_, a) => new SourceCounters(
            a.Self._ingestBytes.WithLabels(a.Instance, a.Node, a.Kind), a.Self._ingestBatches.WithLabels(a.Instance, a.Node, a.Kind)),
            (Self: this, Instance: instanceId, Node: nodeId, Kind: kind.Name()));

    public void AuditPolicyApplied(bool applied) => _auditPolicyApplications.WithLabels(applied ? "applied" : "failed").Inc();

    /// <summary>Observes the seconds since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void ObserveSince(Histogram.Child histogram, long startTimestamp) =>
        histogram.Observe(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    public sealed record SourceCounters(Counter.Child Bytes, Counter.Child Batches);
}
