using System.Diagnostics;
using System.Net;
using System.Text;
using DbLogs.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.Process;

/// <summary>How to start <c>dblogs serve</c> as a child process.</summary>
public sealed record ServeOptions
{
    /// <summary>Passed as <c>--bootstrap</c> when set.</summary>
    public string? Bootstrap { get; init; }

    /// <summary>Bootstrap file content, written into the process's temp directory and passed as <c>--bootstrap</c>.</summary>
    public string? BootstrapJson { get; init; }

    /// <summary>A data directory the caller owns and keeps; by default a fresh one inside the process's temp directory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Name the data directory in the <c>DBLOGS_DATA</c> environment variable instead of <c>--data</c>.</summary>
    public bool DataFromEnvironment { get; init; }

    public string Scheme { get; init; } = "http";

    /// <summary>More arguments after the standard ones, e.g. <c>--Kestrel:Certificates:Default:Path=…</c>.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The handler behind <see cref="ServeProcess.Client"/> and the <c>/health</c> probe (HTTPS tests check the certificate in it).</summary>
    public Func<HttpMessageHandler>? Handler { get; init; }
}

/// <summary>What a start-up that was expected to end printed, and how it ended.</summary>
public sealed record ExitResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

/// <summary>
/// The real <c>dblogs</c> executable (<c>dotnet dblogs.dll serve …</c> from the test assembly's directory) on a
/// free loopback port, with its own temp directory as working directory and, by default, data directory.
/// Dispose kills the process tree and deletes the temp directory.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly OsProcess _process;
    private readonly Output _stdout;
    private readonly Output _stderr;
    private readonly TempDirectory _root;

    private ServeProcess(OsProcess process, Output stdout, Output stderr, TempDirectory root, string baseUrl, string dataDirectory, HttpClient client)
    {
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
        _root = root;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Client = client;
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>The admin key the service generated into its data directory.</summary>
    public string AdminKey => File.ReadAllText(System.IO.Path.Combine(DataDirectory, "admin.key")).Trim();

    /// <summary>Issues an agent key for <paramref name="instanceId"/> through the admin API.</summary>
    public async Task<string> IssueAgentKeyAsync(string instanceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/v1/instances/{instanceId}/agent-keys");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    public string DataDirectory { get; }

    /// <summary>The process's working directory (where a relative default <c>./data</c> would land).</summary>
    public string WorkingDirectory => _root.Path;

    /// <summary>A client for <see cref="BaseUrl"/>.</summary>
    public HttpClient Client { get; }

    public string Stdout => _stdout.Text;

    public string Stderr => _stderr.Text;

    public static string DblogsDll => Path.Combine(AppContext.BaseDirectory, "dblogs.dll");

    /// <summary>Starts the service and returns once <c>GET /health</c> answers 200; fails the test with its output otherwise.</summary>
    public static async Task<ServeProcess> StartAsync(ServeOptions? options = null)
    {
        options ??= new ServeOptions();
        return await ServerStart.WithRetriesAsync(async () =>
        {
            var (service, failure, _) = await TryStartAsync(options);
            return (service, failure);
        }, retryable: ServerStart.PortTaken);
    }

    /// <summary>Starts the service and returns it once <c>GET /health</c> answers 200, or how it ended when it exited first
    /// (a start-up that may refuse); fails the test when it does neither in time.</summary>
    public static async Task<(ServeProcess? Service, ExitResult? Exited)> StartOrExitAsync(ServeOptions options)
    {
        var (service, failure, exited) = await TryStartAsync(options);
        if (service is null && exited is null)
        {
            Assert.Fail(failure);
        }

        return (service, exited);
    }

    private static async Task<(ServeProcess? Service, string Failure, ExitResult? Exited)> TryStartAsync(ServeOptions options)
    {
        var root = new TempDirectory();
        var baseUrl = $"{options.Scheme}://127.0.0.1:{Loopback.FreePort()}";
        OsProcess process;
        Output stdout, stderr;
        string data;
        try
        {
            (process, stdout, stderr, data) = Launch(options, root, baseUrl);
        }
        catch
        {
            root.Dispose();
            throw;
        }

        var client = new HttpClient(options.Handler?.Invoke() ?? new HttpClientHandler()) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var service = new ServeProcess(process, stdout, stderr, root, baseUrl, data, client);
        var started = Stopwatch.StartNew();
        string? lastProblem = null;
        while (started.Elapsed < StartTimeout && !process.HasExited)
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (service, string.Empty, null);
                }

                lastProblem = $"/health answered {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                lastProblem = ex.Message;
            }

            await Task.Delay(100);
        }

        if (process.HasExited)
        {
            await process.WaitForExitAsync(); // drains the redirected output
        }

        var exit = process.HasExited ? new ExitResult(process.ExitCode, service.Stdout, service.Stderr, started.Elapsed) : null;
        var exited = exit is not null ? $"exited with code {exit.ExitCode}" : $"did not answer /health within {StartTimeout.TotalSeconds:0} s";
        await service.DisposeAsync();
        return (null, $"dblogs serve on {baseUrl} {exited} (last probe: {lastProblem}).\n--- stdout ---\n{service.Stdout}\n--- stderr ---\n{service.Stderr}", exit);
    }

    /// <summary>Runs a start-up that is expected to end by itself (e.g. an invalid bootstrap file); fails the test if it does not end in time.</summary>
    public static async Task<ExitResult> RunToExitAsync(ServeOptions options, TimeSpan? timeout = null)
    {
        using var root = new TempDirectory();
        var started = Stopwatch.StartNew();
        var (process, stdout, stderr, _) = Launch(options, root, $"{options.Scheme}://127.0.0.1:{Loopback.FreePort()}");
        using (process)
        {
            using var deadline = new CancellationTokenSource(timeout ?? StartTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync(process);
                Assert.Fail($"dblogs serve was expected to exit but still ran after {(timeout ?? StartTimeout).TotalSeconds:0} s.\n" +
                    $"--- stdout ---\n{stdout.Text}\n--- stderr ---\n{stderr.Text}");
            }

            return new ExitResult(process.ExitCode, stdout.Text, stderr.Text, started.Elapsed);
        }
    }

    /// <summary>Waits until the service's stdout contains <paramref name="text"/> (console logging is asynchronous) and returns all of it.</summary>
    public async Task<string> WaitForStdoutAsync(string text, TimeSpan? timeout = null)
    {
        var started = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (started.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                Assert.Fail($"dblogs serve never printed \"{text}\".\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
            }

            await Task.Delay(50);
        }

        return Stdout;
    }

    /// <summary>SIGTERM, as a service manager stops the service; returns its exit code once it ended.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = OsProcess.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync(_process);
        _process.Dispose();
        _root.Dispose();
    }

    private static (OsProcess Process, Output Stdout, Output Stderr, string Data) Launch(ServeOptions options, TempDirectory root, string url)
    {
        if (!File.Exists(DblogsDll))
        {
            Assert.Fail($"{DblogsDll} is missing: the test project should copy the dblogs executable next to the tests.");
        }

        var data = options.DataDirectory ?? root.File("data");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = root.Path,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[DblogsDll, "serve", "--urls", url])
        {
            info.ArgumentList.Add(arg);
        }

        if (!options.DataFromEnvironment)
        {
            info.ArgumentList.Add("--data");
            info.ArgumentList.Add(data);
        }

        var bootstrap = options.BootstrapJson is null ? options.Bootstrap : root.WriteFile("bootstrap.json", options.BootstrapJson);
        if (bootstrap is not null)
        {
            info.ArgumentList.Add("--bootstrap");
            info.ArgumentList.Add(bootstrap);
        }

        foreach (var arg in options.ExtraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        // The child must see only what the test sets: no DBLOGS_* or listening settings inherited from the runner.
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("DBLOGS_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        if (options.DataFromEnvironment)
        {
            info.Environment["DBLOGS_DATA"] = data;
        }

        foreach (var (name, value) in options.Environment)
        {
            info.Environment[name] = value;
        }

        var stdout = new Output();
        var stderr = new Output();
        var process = new OsProcess { StartInfo = info };
        process.OutputDataReceived += (_, e) => stdout.Append(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, stdout, stderr, data);
    }

    private static async Task KillAsync(OsProcess process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or will be reaped by the OS; nothing more a test can do.
        }
    }

    /// <summary>The <c>dotnet</c> host running the tests (the CLI sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private sealed class Output
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return _text.ToString();
                }
            }
        }

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lock)
            {
                _text.AppendLine(line);
            }
        }
    }
}
