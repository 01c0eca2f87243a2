using System.Globalization;

namespace DbLogs.Bench.Fleet;

/// <summary>The fleet benchmark's table: p50/p99 per route and store side by side, with each route's total.</summary>
internal sealed record FleetReport(FleetShape Shape, TimeSpan Duration, IReadOnlyList<string> Routes, IReadOnlyList<FleetColumn> Columns)
    : IBenchmarkReport
{
    public const double TargetP99Ms = 5;

    public IReadOnlyDictionary<string, double> Figures => Columns.ToDictionary(
        c => $"fleet_p99_ms_{c.Store.ToLowerInvariant()}", c => c.Results.Max(r => r.P99Ms));

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"Fleet benchmark (scale {Shape.Scale:0.###}): {Shape.RunLogEntries:N0} run-log entries, {Shape.AuditFiles:N0} audit files, {Shape.SlowRows:N0} slow-log rows over {FleetShape.InstancesPerEngine} Redis and {FleetShape.InstancesPerEngine} MySQL instances (Zipf sizes; timed on the largest), wrk 1 client, {Duration.TotalSeconds:0} s per row"));
        foreach (var column in Columns)
        {
            output.WriteLine($"{column.Store}: {column.SeedNote}");
        }

        output.WriteLine();
        output.WriteLine("| request | total | " + string.Join(" | ", Columns.Select(s => $"{s.Store} p50 | {s.Store} p99")) + " | target |");
        output.WriteLine("|---|---|" + string.Concat(Columns.Select(_ => "---|---|")) + "---|");
        for (var i = 0; i < Routes.Count; i++)
        {
            var totals = Columns.Select(s => s.Totals[i]).Distinct().ToArray();
            var total = totals.Length == 1 ? totals[0].ToString("N0", c) : "DIFFER: " + string.Join(" / ", totals);
            var cells = Columns.Select(s => string.Create(c, $"{s.Results[i].P50Ms:0.00} ms | {s.Results[i].P99Ms:0.00} ms{(s.Results[i].P99Ms > TargetP99Ms ? " ✗" : string.Empty)}"));
            output.WriteLine($"| {Routes[i]} | {total} | {string.Join(" | ", cells)} | p99 ≤ {TargetP99Ms:0} ms |");
        }
    }
}
