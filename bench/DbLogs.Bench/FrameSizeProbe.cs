using System.Diagnostics;
using DbLogs.Storage.Segments;

namespace DbLogs.Bench;

/// <summary>
/// The service's segment store in this process, on the first 64 MiB of a log: how the zstd frame size and level trade
/// the compressed size against compaction CPU and the latency of a 1 MB read at a random offset (what an HTTP Range
/// answer costs: the frames it touches are decompressed), against the same reads of raw segments in the same run.
/// </summary>
internal static class FrameSizeProbe
{
    private const int SampleBytes = 64 << 20;
    private const int ReadBytes = 1_000_000;
    private const int Reads = 200;

    public static IReadOnlyList<FrameRow> Run(string log, string dir)
    {
        var sample = new byte[(int)Math.Min(SampleBytes, new FileInfo(log).Length)];
        using (var input = File.OpenRead(log))
        {
            input.ReadExactly(sample);
        }

        var rows = new List<FrameRow> { Measure(sample, Path.Combine(dir, "probe-raw"), FrameRow.Uncompressed, 0) };
        foreach (var (frame, level) in new[] { (256 << 10, 1), (1 << 20, 1), (4 << 20, 1), (1 << 20, 3), (1 << 20, 6), (1 << 20, 9) })
        {
            rows.Add(Measure(sample, Path.Combine(dir, $"probe-{frame}-{level}"), frame, level));
        }

        return rows;
    }

    private static FrameRow Measure(byte[] sample, string root, int frameBytes, int level)
    {
        const long SourceId = 1;
        var compress = frameBytes != FrameRow.Uncompressed;
        var store = compress ? new SegmentStore(root, SegmentStore.DefaultSegmentBytes, frameBytes, level) : new SegmentStore(root);
        for (var at = 0; at < sample.Length; at += 1 << 20)
        {
            store.Append(SourceId, at, sample.AsSpan(at, Math.Min(1 << 20, sample.Length - at)));
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var compressed = 0;
        while (compress && store.CompactOne(SourceId, sample.Length))
        {
            compressed++;
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var zst = Directory.EnumerateFiles(root, "*.zst", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        // The baseline reads the same sealed segments, left raw.
        var rawCompacted = (compress ? compressed : sample.Length / SegmentStore.DefaultSegmentBytes) * SegmentStore.DefaultSegmentBytes;

        var random = new Random(1);
        var buffer = new byte[1 << 16];
        var samples = new double[Reads];
        for (var i = 0; i < Reads; i++)
        {
            var start = random.NextInt64(0, rawCompacted - ReadBytes);
            var clock = Stopwatch.StartNew();
            using (var stream = store.OpenRead(SourceId, start, start + ReadBytes))
            {
                while (stream.Read(buffer) > 0)
                {
                }
            }

            samples[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        Directory.Delete(root, recursive: true);
        return new FrameRow(frameBytes, level, compress ? (double)zst / rawCompacted : 1, cpuSeconds / (rawCompacted / 1e9), samples[Reads / 2], samples[(int)(Reads * 0.99) - 1]);
    }
}

internal sealed record FrameRow(int FrameBytes, int Level, double Ratio, double CpuSecondsPerGb, double ReadP50Ms, double ReadP99Ms)
{
    /// <summary>The frame size of the baseline row: segments left raw, as the previous format kept them.</summary>
    public const int Uncompressed = 0;
}
