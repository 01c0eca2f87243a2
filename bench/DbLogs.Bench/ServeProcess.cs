using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DbLogs.Bench;

/// <summary>Starts and stops real <c>dblogs</c> processes for the benchmarks.</summary>
internal static class ServeProcess
{
    public static Process Start(string dblogs, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", $"{dblogs} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
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

        throw new InvalidOperationException("dblogs serve did not become healthy.");
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

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
