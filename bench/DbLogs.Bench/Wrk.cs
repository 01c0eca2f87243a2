using System.Diagnostics;
using System.Globalization;

namespace DbLogs.Bench;

/// <summary>
/// Runs <c>wrk</c> (Debian package <c>wrk</c>, installed by scripts/bench.sh) against one URL and reads its totals from a
/// Lua <c>done</c> hook instead of its human-readable table. With <see cref="WrkLoad.RangeBytes"/> every request asks
/// for a range of that many bytes at a random offset.
/// </summary>
internal static class Wrk
{
    private const string Script = """
        local range = tonumber(os.getenv("BENCH_RANGE_BYTES") or "0")
        local size = tonumber(os.getenv("BENCH_FILE_BYTES") or "0")
        local threads = 0
        function setup(thread)
          threads = threads + 1
          thread:set("seed", threads)
        end
        function init(args)
          math.randomseed(os.time() * 100 + (seed or 0))
        end
        if range > 0 then
          request = function()
            local from = math.random(0, size - range)
            wrk.headers["Range"] = string.format("bytes=%d-%d", from, from + range - 1)
            return wrk.format()
          end
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("wrk-result %d %d %d %d %d %d\n", summary.bytes, summary.duration, summary.requests,
            latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
        end
        """;

    public static async Task<WrkResult> RunAsync(WrkLoad load)
    {
        var script = Path.Combine(Path.GetTempPath(), $"dblogs-bench-wrk-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in load.Arguments(script))
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["BENCH_RANGE_BYTES"] = load.RangeBytes.ToString(CultureInfo.InvariantCulture);
            info.Environment["BENCH_FILE_BYTES"] = load.FileBytes.ToString(CultureInfo.InvariantCulture);
            using var wrk = Process.Start(info) ?? throw new InvalidOperationException("cannot start wrk");
            var output = wrk.StandardOutput.ReadToEndAsync();
            var error = wrk.StandardError.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("wrk-result ", StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"wrk {load.Url} gave no result: {await output} {await error}");
            var f = line.Split(' ').Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (f[5] > 0 && load.RangeBytes == 0 && load.Duration < load.Timeout)
            {
                throw new InvalidOperationException($"wrk {load.Url}: {f[5]} requests failed (error status, timeout or connection).");
            }

            return new WrkResult(f[0], f[1] / 1e6, f[2], f[3] / 1000.0, f[4] / 1000.0, f[5]);
        }
        finally
        {
            File.Delete(script);
        }
    }
}

/// <summary>One wrk run: <paramref name="Connections"/> clients, each sending its next request when the last one ended.</summary>
internal sealed record WrkLoad(string Url, int Connections, TimeSpan Duration, TimeSpan Timeout)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public long RangeBytes { get; init; }
    public long FileBytes { get; init; }

    public IEnumerable<string> Arguments(string script)
    {
        var c = CultureInfo.InvariantCulture;
        string[] fixedArguments =
        [
            "-t", Math.Min(Connections, Environment.ProcessorCount).ToString(c), "-c", Connections.ToString(c),
            "-d", $"{Duration.TotalSeconds.ToString("0", c)}s", "--timeout", $"{Timeout.TotalSeconds.ToString("0", c)}s", "-s", script,
        ];
        return fixedArguments.Concat(Headers.SelectMany(h => new[] { "-H", $"{h.Key}: {h.Value}" })).Append(Url);
    }
}

internal sealed record WrkResult(long Bytes, double Seconds, long Requests, double P50Ms, double P99Ms, long Errors)
{
    public double MBps => Bytes / 1024.0 / 1024.0 / Seconds;

    public double RequestsPerSecond => Requests / Seconds;
}
