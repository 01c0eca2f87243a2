using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DbLogs.Cli.Cloud;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.Tail;

/// <summary>
/// A real <c>dblogs serve</c> collecting a real redis-server's log: <c>curl -N</c> receives every line in order, and the
/// real <c>dblogs tail</c> prints the <c>--grep</c> matches and exits with 0 on SIGINT.
/// </summary>
public sealed class TailProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-process-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Curl_gets_every_line_and_dblogs_tail_prints_the_matches_then_exits_0_on_sigint()
    {
        await using var redis = await RedisServer.StartAsync("--enable-debug-command", "yes");
        var (bootstrap, project, instance) = RedisTailService.WriteBootstrap(_dir, redis);
        await using var serve = await ServeProcess.StartAsync(new ServeOptions { Bootstrap = bootstrap });
        var path = $"/dblogs/v1/{project.Id}/instances/{instance}/tail?node_id=r1&kind=redis-run&since=1000";
        await TailWait.UntilAsync(async () => await CollectedAsync(serve, project, path), what: "serve did not collect the redis log");

        using var curl = Start("curl", ["-sS", "-N", .. Headers(project, path), serve.BaseUrl + path]);
        // SIGINT at its default: a child inherits an ignored SIGINT (the test host's, when an MSBuild node that ignores
        // Ctrl-C runs the tests), and .NET then never delivers it, as a shell does for a background job.
        using var tail = Start("env", ["--default-signal=INT", "dotnet", ServeProcess.DblogsDll, "tail", "--instance", instance, "--node", "r1", "--kind", "redis-run", "--since", "1000",
            "--grep", "proc-"], new()
            {
                [CloudGlobalOptions.EndpointVariable] = serve.BaseUrl,
                [CloudGlobalOptions.ProjectVariable] = project.Id,
                [CloudGlobalOptions.AkVariable] = project.Ak,
                [CloudGlobalOptions.SkVariable] = project.Sk,
            });
        foreach (var marker in new[] { "proc-1;", "other;", "proc-2;" })
        {
            Assert.Equal("+OK", await redis.CommandAsync("DEBUG", "LOG", marker));
        }

        var lines = File.ReadAllLines(redis.LogFile);
        await TailWait.UntilAsync(() => curl.Output.Contains("proc-2;", StringComparison.Ordinal), what: "curl: " + curl.Output + curl.Errors);
        var data = curl.Output.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("line").GetString());
        Assert.Equal(lines, data);

        await TailWait.UntilAsync(() => tail.Output.Contains("proc-2;", StringComparison.Ordinal), what: "dblogs tail: " + tail.Output + tail.Errors);
        await InterruptAsync(tail);
        Assert.Equal((0, ""), (tail.Process.ExitCode, tail.Errors));
        Assert.Equal(lines.Where(l => l.Contains("proc-", StringComparison.Ordinal)), tail.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Ctrl-C; the process must end by itself within the timeout.</summary>
    private static async Task InterruptAsync(Child tail)
    {
        var pid = tail.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = OsProcess.Start("kill", ["-s", "INT", pid])!)
        {
            await kill.WaitForExitAsync().WaitAsync(SseClient.Timeout);
        }

        try
        {
            await tail.Process.WaitForExitAsync().WaitAsync(SseClient.Timeout);
        }
        catch (TimeoutException)
        {
            var ignored = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            Assert.Fail($"dblogs tail still runs after SIGINT ({ignored}); out: {tail.Output} err: {tail.Errors}");
        }
    }

    /// <summary>Whether the tail answers 200, i.e. serve has stored some of the log.</summary>
    internal static async Task<bool> CollectedAsync(ServeProcess serve, TestProject project, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        RequestSigner.Sign(request, project.Ak, project.Sk, project.Id, DateTimeOffset.UtcNow, string.Empty);
        using var response = await serve.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The signed request's headers as curl arguments.</summary>
    private static IEnumerable<string> Headers(TestProject project, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        RequestSigner.Sign(request, project.Ak, project.Sk, project.Id, DateTimeOffset.UtcNow, string.Empty);
        return [.. request.Headers.SelectMany(h => new[] { "-H", $"{h.Key}: {string.Join(",", h.Value)}" })];
    }

    private static Child Start(string file, string[] args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        return new Child(OsProcess.Start(info)!);
    }

    /// <summary>A child process whose output is collected as it comes; Dispose kills it if it still runs.</summary>
    private sealed class Child : IDisposable
    {
        private readonly StringBuilder _out = new();
        private readonly StringBuilder _err = new();

        public Child(OsProcess process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(_out, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_err, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public OsProcess Process { get; }

        public string Output => Read(_out);

        public string Errors => Read(_err);

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line is not null)
            {
                lock (text)
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        private static string Read(StringBuilder text)
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }
}
