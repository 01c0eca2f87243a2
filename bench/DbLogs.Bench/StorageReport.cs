using System.Globalization;

namespace DbLogs.Bench;

internal sealed record StorageReport(
    int Megabytes,
    long RunRawBytes,
    long RunKeptBytes,
    long AuditRawBytes,
    long AuditKeptBytes,
    long DatabaseBytes,
    double CollectSeconds,
    double ServiceCpuSecondsPerGb,
    IReadOnlyList<FrameRow> Frames) : IBenchmarkReport
{
    public const double Target = 0.25;

    /// <summary>Everything kept for both logs (streams, day and audit files, the whole SQLite store) over their raw bytes.</summary>
    public double StorageVsRaw => (double)(RunKeptBytes + AuditKeptBytes + DatabaseBytes) / (RunRawBytes + AuditRawBytes);

    public bool MeetsTarget => StorageVsRaw <= Target;

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double> { [FinalLine.StorageVsRaw] = StorageVsRaw };

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Storage benchmark: {Megabytes} MB Redis run log + {Megabytes} MB MariaDB audit log, collected by serve's embedded collector, day files collected, audit files closed, sealed segments compressed"));
        output.WriteLine();
        output.WriteLine("| log | raw | kept on disk (streams + files) | storage_vs_raw | target |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(string.Create(c, $"| Redis run log | {Mb(RunRawBytes)} | {Mb(RunKeptBytes)} | {(double)RunKeptBytes / RunRawBytes:0.000} | |"));
        output.WriteLine(string.Create(c, $"| MariaDB audit log | {Mb(AuditRawBytes)} | {Mb(AuditKeptBytes)} | {(double)AuditKeptBytes / AuditRawBytes:0.000} | |"));
        output.WriteLine(string.Create(c, $"| SQLite store (both) | | {Mb(DatabaseBytes)} | | |"));
        output.WriteLine(string.Create(c, $"| overall | {Mb(RunRawBytes + AuditRawBytes)} | {Mb(RunKeptBytes + AuditKeptBytes + DatabaseBytes)} | {StorageVsRaw:0.000} | ≤ {Target} |"));
        output.WriteLine(string.Create(c, $"collection of both logs: {CollectSeconds:0.0} s; service CPU per GB of log (collect, cut, compress): {ServiceCpuSecondsPerGb:0.00} s"));
        output.WriteLine();
        output.WriteLine("Frame size and zstd level (first 64 MiB of the audit log, 16 MiB segments, in-process; a 1 MB read at a random offset; the first row reads the same segments left raw):");
        output.WriteLine();
        output.WriteLine("| frame | level | compressed / raw | compaction CPU s/GB | 1 MB read p50 | p99 | p50 vs uncompressed |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        var baseline = Frames.FirstOrDefault(f => f.FrameBytes == FrameRow.Uncompressed)?.ReadP50Ms ?? double.NaN;
        foreach (var f in Frames)
        {
            var (frame, level, cpu) = f.FrameBytes == FrameRow.Uncompressed
                ? ("uncompressed", "—", "—")
                : (string.Create(c, $"{f.FrameBytes >> 10} KiB"), f.Level.ToString(c), f.CpuSecondsPerGb.ToString("0.00", c));
            output.WriteLine(string.Create(c, $"| {frame} | {level} | {f.Ratio:0.000} | {cpu} | {f.ReadP50Ms:0.00} ms | {f.ReadP99Ms:0.00} ms | {f.ReadP50Ms / baseline:0.0}× |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"storage: storage_vs_raw={StorageVsRaw:0.00} {(MeetsTarget ? "target met" : "TARGET MISSED")}"));
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");
}
