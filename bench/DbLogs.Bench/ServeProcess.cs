using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace DbLogs.Bench;

/// <summary>Starts and stops real <c>dblogs</c> processes for the benchmarks.</summary>
internal static class ServeProcess
{
    private const int TailLines = 40;

    // The last lines each process wrote, for the error when it does not come up (its output is otherwise discarded).
    private static readonly ConditionalWeakTable<Process, ConcurrentQueue<string>> Tails = [];

    public static Process Start(string dblogs, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", $"{dblogs} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var tail = Tails.GetOrCreateValue(process);
        process.OutputDataReceived += (_, e) => Keep(tail, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(tail, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient http, Process? process = null)
    {
        // Ten minutes: a store restored from an earlier schema's cache is migrated before the service answers (a new index
        // over 10,000,000 audit records takes minutes).
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < until && process?.HasExited != true)
        {
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        var output = process is not null && Tails.TryGetValue(process, out var tail) ? string.Join('\n', tail) : "(not captured)";
        throw new InvalidOperationException($"dblogs serve did not become healthy{(process?.HasExited == true ? $" (exit {process.ExitCode})" : string.Empty)}; its last output:\n{output}");
    }

    public static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static void Keep(ConcurrentQueue<string> tail, string? line)
    {
        if (line is null)
        {
            return;
        }

        tail.Enqueue(line);
        while (tail.Count > TailLines && tail.TryDequeue(out _))
        {
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
