using System.Globalization;
using DbLogs.Bench.Fleet;

namespace DbLogs.Bench.Nodes;

/// <summary>The several-node benchmark's two tables: ingest by node count (ratios to one node), and list latency on 3 nodes.</summary>
internal sealed record NodesReport(int Megabytes, int Runs, IReadOnlyList<NodesIngestRun> Ingest, NodesListResult Lists, FleetShape ListShape,
    TimeSpan Duration) : IBenchmarkReport
{
    private NodesListRow Health => Lists.Rows[0];

    private IEnumerable<NodesListRow> ListRows => Lists.Rows.Skip(1);

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        ["nodes_ingest_2_vs_1"] = Median(2).MBps / Median(1).MBps,
        ["nodes_ingest_3_vs_1"] = Median(3).MBps / Median(1).MBps,
        ["nodes_list_p99_ms_quiet"] = ListRows.Max(r => r.Quiet.P99Ms),
        ["nodes_list_p99_ms_loaded"] = ListRows.Max(r => r.Loaded.P99Ms),
    };

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"Several nodes (PostgreSQL store, Ceph RADOS Gateway bucket with its OSD in RAM, all on this machine's {Environment.ProcessorCount} cores): {NodesBenchmark.Agents} agents ship {Megabytes} MB of Redis run logs in all, spread over 1, 2 or 3 dblogs serve nodes; a fresh database and bucket per row, {Runs} run(s) each, interleaved; the median run is shown"));
        output.WriteLine();
        output.WriteLine("| nodes | stored MB/s | ratio to 1 node | runs (MB/s) | serve CPU s/GB | agents CPU s/GB | PostgreSQL + Ceph CPU s/GB | machine CPU s/GB | machine busy |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var nodes in Ingest.Select(r => r.Nodes).Distinct().Order())
        {
            var median = Median(nodes);
            var all = string.Join(", ", Ingest.Where(r => r.Nodes == nodes).Select(r => r.MBps.ToString("0", c)));
            output.WriteLine(string.Create(c,
                $"| {nodes} | {median.MBps:0.0} | {median.MBps / Median(1).MBps:0.00} | {all} | {median.ServeCpuPerGb:0.0} | {median.AgentCpuPerGb:0.0} | {median.StoreCpuPerGb:0.0} | {median.MachineCpuPerGb:0.0} | {median.MachineBusyShare:P0} |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c,
            $"List latency on node 1 of 3 (store seeded with {ListShape.RunLogEntries:N0} run-log entries, {ListShape.AuditFiles:N0} audit files, {ListShape.SlowRows:N0} slow-log rows), wrk 1 client, {Duration.TotalSeconds:0} s per row: quiet, then while 3 agents ship to the 3 nodes ({Lists.LoadedIngestMBps:0} MB/s stored meanwhile)"));
        output.WriteLine();
        output.WriteLine("| request | quiet p50 | quiet p99 | quiet p99 ratio to /health | loaded p50 | loaded p99 | loaded p99 ratio to /health |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in Lists.Rows)
        {
            output.WriteLine(string.Create(c,
                $"| {row.Name} | {row.Quiet.P50Ms:0.00} ms | {row.Quiet.P99Ms:0.00} ms | {row.Quiet.P99Ms / Health.Quiet.P99Ms:0.00} | {row.Loaded.P50Ms:0.0} ms | {row.Loaded.P99Ms:0.0} ms | {row.Loaded.P99Ms / Health.Loaded.P99Ms:0.00} |"));
        }
    }

    private NodesIngestRun Median(int nodes)
    {
        var runs = Ingest.Where(r => r.Nodes == nodes).OrderBy(r => r.MBps).ToList();
        return runs[runs.Count / 2];
    }
}
