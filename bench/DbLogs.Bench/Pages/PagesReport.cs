using System.Globalization;

namespace DbLogs.Bench.Pages;

/// <summary>The pages benchmark's table: p50/p99 per request and store, and each p99 as a multiple of the baseline's.</summary>
internal sealed record PagesReport(TimeSpan Duration, IReadOnlyList<string> Routes, IReadOnlyList<PagesColumn> Columns) : IBenchmarkReport
{
    public const double TargetMs = 300;

    public IReadOnlyDictionary<string, double> Figures => Columns.ToDictionary(
        c => $"pages_p99_ms_{c.Store.ToLowerInvariant()}", c => c.Results.Skip(1).Max(r => r.P99Ms));

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"Pages benchmark: {PagesShape.Entries:N0} Redis slow-log and {PagesShape.Entries:N0} MySQL error-log entries in the window ({PagesShape.Outside:N0} more of each outside it), 50 a page, 1 client, {Duration.TotalSeconds:0} s (at least 5 requests) per row"));
        output.WriteLine();
        output.WriteLine("| request | total | " + string.Join(" | ", Columns.Select(s => $"{s.Store} p50 | {s.Store} p99 | {s.Store} p99 / baseline")) + " | target |");
        output.WriteLine("|---|---|" + string.Concat(Columns.Select(_ => "---|---|---|")) + "---|");
        for (var i = 0; i < Routes.Count; i++)
        {
            var totals = Columns.Select(s => s.Totals[i]).Distinct().ToArray();
            var total = totals.Length == 1 ? (totals[0] < 0 ? "–" : totals[0].ToString("N0", c)) : "DIFFER: " + string.Join(" / ", totals);
            var cells = Columns.Select(s => string.Create(c,
                $"{s.Results[i].P50Ms:0.0} ms | {s.Results[i].P99Ms:0.0} ms{(i > 0 && s.Results[i].P99Ms > TargetMs ? " ✗" : string.Empty)} | ×{s.Results[i].P99Ms / Math.Max(s.Results[0].P99Ms, 1e-3):0}"));
            output.WriteLine($"| {Routes[i]} | {total} | {string.Join(" | ", cells)} | {(i == 0 ? string.Empty : string.Create(c, $"< {TargetMs:0} ms"))} |");
        }
    }
}
