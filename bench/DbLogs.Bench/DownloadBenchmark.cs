using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DbLogs.Bench;

/// <summary>
/// Downloads: a Redis run log shipped by a real agent is cut into today's day file by CreateRedislog and fetched through
/// its signed download link, against a private Debian nginx (sendfile on) serving the original log, the same bytes,
/// from disk. Whole file and 1 MB ranges at random offsets, 1 and 16 clients, with wrk; nginx and DbLogs alternate.
/// The route is used as a client would, so the figures hold whatever the service stores a day file as.
/// </summary>
internal static class DownloadBenchmark
{
    public const long RangeBytes = 1 << 20;
    private const string InstanceId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string Node = "a1";
    private static readonly int[] Clients = [1, 16];

    public static async Task<DownloadReport> RunAsync(string dblogs, int megabytes, TimeSpan duration)
    {
        await using var service = await BenchService.StartAsync(dblogs, $$"""
            {"id":"{{InstanceId}}","name":"cache","engine":"redis","shards":[{"name":"group-0","replicas":[
              {"id":"{{Node}}","ip":"127.0.0.1","port":6379,"role":"master","time_zone":"UTC"}]}]}
            """);
        var root = Directory.CreateDirectory(Path.Combine(service.Dir, "www")).FullName;
        var log = Path.Combine(root, "redis-server.log");
        // Every line today (UTC, the node's zone), 2 ms apart: a day holds about 4.5 GB of them.
        var size = LogGenerator.Write(log, megabytes * 1024L * 1024L, DateTime.UtcNow.Date, stepMs: 2);
        await ShipAsync(service, dblogs, log, size);
        var link = await DayFileLinkAsync(service, size);
        using var nginx = await Nginx.StartAsync(root);
        var original = $"http://127.0.0.1:{nginx.Port}/redis-server.log";
        await CheckSameBytesAsync(original, link, size);

        var timeout = TimeSpan.FromMinutes(2);
        await Wrk.RunAsync(new WrkLoad(link, 4, TimeSpan.FromSeconds(3), timeout) { RangeBytes = RangeBytes, FileBytes = size }); // JIT warm-up
        var rows = new List<DownloadRow>();
        foreach (var range in new[] { 0L, RangeBytes })
        {
            foreach (var clients in Clients)
            {
                // Whole files shared by 16 clients take 16 times as long each: the row runs long enough for some to end.
                var time = range == 0 && clients > 1 ? 3 * duration : duration;
                WrkLoad Load(string url) => new(url, clients, time, timeout) { RangeBytes = range, FileBytes = size };
                var baseline = await Wrk.RunAsync(Load(original));
                var measured = await Wrk.RunAsync(Load(link));
                rows.Add(new DownloadRow(range == 0 ? "whole file" : "1 MB ranges", clients, baseline, measured));
            }
        }

        return new DownloadReport(size / 1024.0 / 1024.0, duration, rows);
    }

    private static async Task ShipAsync(BenchService service, string dblogs, string log, long size)
    {
        var agent = await service.StartAgentAsync(dblogs, InstanceId, Node, log);
        var clock = Stopwatch.StartNew();
        while (await service.StoredBytesAsync() < size)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10) || agent.HasExited)
            {
                throw new InvalidOperationException($"The agent did not ship the log: {await service.StoredBytesAsync()} of {size} bytes stored.");
            }

            await Task.Delay(200);
        }

        service.Stop(agent);
    }

    /// <summary>CreateRedislog for today, waits for the day file, and returns its download link (ListRedislog, CreateRedislogDownloadLink).</summary>
    private static async Task<string> DayFileLinkAsync(BenchService service, long size)
    {
        var instance = $"v2/{BenchService.ProjectId}/instances/{InstanceId}";
        using (var created = await service.Api.PostAsync($"{instance}/redislog?log_type=run&query_time=0&replication_id={Node}", null))
        {
            created.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 1200; i++)
        {
            using var doc = JsonDocument.Parse(await service.Api.GetStringAsync($"{instance}/redislog?log_type=run&replication_id={Node}"));
            var file = doc.RootElement.GetProperty("file_list")[0];
            var status = file.GetProperty("status").GetString();
            if (status == "succeed")
            {
                using var linked = await service.Api.PostAsync($"{instance}/redislog/{file.GetProperty("id").GetString()}/links", null);
                linked.EnsureSuccessStatusCode();
                using var body = JsonDocument.Parse(await linked.Content.ReadAsStringAsync());
                return body.RootElement.GetProperty("link").GetString()!;
            }

            if (status != "collecting")
            {
                throw new InvalidOperationException($"Collecting today's run log of {size} bytes ended {status}.");
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("Today's run log was not collected within 2 minutes.");
    }

    /// <summary>Both servers give the same length and the same bytes at a random offset: the comparison is fair.</summary>
    private static async Task CheckSameBytesAsync(string original, string link, long size)
    {
        using var http = new HttpClient();
        var from = Random.Shared.NextInt64(0, size - RangeBytes);
        var bytes = new List<byte[]>();
        foreach (var url in new[] { original, link })
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            if (head.Content.Headers.ContentLength != size)
            {
                throw new InvalidOperationException($"{url} is {head.Content.Headers.ContentLength} bytes long, not {size}: the day file is not the whole log.");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(from, from + RangeBytes - 1);
            using var response = await http.SendAsync(request);
            bytes.Add(await response.Content.ReadAsByteArrayAsync());
        }

        if (!bytes[0].AsSpan().SequenceEqual(bytes[1]) || bytes[0].Length != RangeBytes)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The download link and nginx differ in bytes {from}+{RangeBytes}."));
        }
    }
}

internal sealed record DownloadRow(string Kind, int Clients, WrkResult Nginx, WrkResult DbLogs)
{
    public double ThroughputRatio => DbLogs.MBps / Nginx.MBps;

    /// <summary>nginx's p99 over DbLogs's: like the throughput ratio, 1 is a tie and below 1 DbLogs is slower; NaN when a side finished no request.</summary>
    public double P99Ratio => Nginx.Requests == 0 || DbLogs.Requests == 0 ? double.NaN : Nginx.P99Ms / DbLogs.P99Ms;
}

internal sealed record DownloadReport(double Megabytes, TimeSpan Duration, IReadOnlyList<DownloadRow> Rows) : IBenchmarkReport
{
    public const double Target = 0.80;

    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        [FinalLine.DownloadVsNginx] = Rows.Min(r => r.ThroughputRatio),
        ["download_p99_vs_nginx"] = Rows.Where(r => !double.IsNaN(r.P99Ratio)).Min(r => r.P99Ratio),
    };

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Download benchmark: a {Megabytes:0} MB run-log day file through its download link vs nginx (sendfile on) serving the same bytes from disk, wrk {Duration.TotalSeconds:0} s per row, same run"));
        output.WriteLine();
        output.WriteLine("| request | clients | nginx MB/s | DbLogs MB/s | ratio | nginx p99 | DbLogs p99 | p99 ratio (nginx/DbLogs) | DbLogs errors | target |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
        {
            output.WriteLine(string.Create(c,
                $"| {r.Kind} | {r.Clients} | {r.Nginx.MBps:0} | {r.DbLogs.MBps:0} | {r.ThroughputRatio:0.00} | {r.Nginx.P99Ms:0.0} ms | {r.DbLogs.P99Ms:0.0} ms | {(double.IsNaN(r.P99Ratio) ? "n/a" : r.P99Ratio.ToString("0.00", c))} | {r.DbLogs.Errors} | ≥ {Target:0.00} |"));
        }
    }
}
