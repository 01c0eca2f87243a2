using System.Globalization;

namespace DbLogs.Bench;

/// <summary>
/// The last line of scripts/bench.sh, one figure per target of issue 13, <c>n/a</c> for a benchmark that did not run;
/// figures no target names follow them.
/// </summary>
internal static class FinalLine
{
    public const string IngestVsCopy = "ingest_vs_copy";
    public const string StorageVsRaw = "storage_vs_raw";
    public const string DownloadVsNginx = "download_vs_nginx";
    public const string ListP99VsHealth = "list_p99_vs_health";
    public const string ListP99Ms1Client = "list_p99_ms_1client";

    private static readonly (string Name, string Format)[] Targets =
    [
        (IngestVsCopy, "0.00"), (StorageVsRaw, "0.00"), (DownloadVsNginx, "0.00"), (ListP99VsHealth, "0.00"), (ListP99Ms1Client, "0.0"),
    ];

    public static string Format(IEnumerable<IBenchmarkReport> reports)
    {
        var figures = reports.SelectMany(r => r.Figures).ToDictionary(f => f.Key, f => f.Value);
        var c = CultureInfo.InvariantCulture;
        var line = Targets.Select(t => $"{t.Name}={(figures.Remove(t.Name, out var v) ? v.ToString(t.Format, c) : "n/a")}")
            .Concat(figures.Select(f => $"{f.Key}={f.Value.ToString("0.00", c)}"));
        return "bench: " + string.Join(' ', line);
    }
}
