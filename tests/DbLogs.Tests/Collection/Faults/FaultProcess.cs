using System.Diagnostics;
using System.Globalization;
using System.Text;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>
/// A <c>dblogs</c> child process (<c>dotnet dblogs.dll …</c> from the test assembly's directory) whose output is kept
/// (the last lines) and which the test kills with SIGKILL (<see cref="OsProcess.Kill(bool)"/>).
/// </summary>
internal sealed class FaultProcess : IAsyncDisposable
{
    private const int KeptLines = 400;

    private readonly OsProcess _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly Action<string>? _onLine;

    private FaultProcess(OsProcess process, string name, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
        Name = name;
    }

    public string Name { get; }

    public bool KilledByTest { get; private set; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static string DblogsDll => Path.Combine(AppContext.BaseDirectory, "dblogs.dll");

    /// <summary>The last lines printed, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <param name="onLine">Called with every line printed (on a thread-pool thread).</param>
    public static FaultProcess Start(string name, IEnumerable<string> args, string workingDirectory, Action<string>? onLine = null)
    {
        if (!File.Exists(DblogsDll))
        {
            Assert.Fail($"{DblogsDll} is missing: the test project should copy the dblogs executable next to the tests.");
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(DblogsDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child sees only what the test sets: no DBLOGS_* or listening settings inherited from the runner.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("DBLOGS_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
                key.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DBLOGS_EMBEDDEDCOLLECTOR"] = "false";
        var process = new OsProcess { StartInfo = info };
        var child = new FaultProcess(process, name, onLine);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL to the process tree, then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        KilledByTest = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
    }

    /// <summary>Waits for the process to end by itself; returns its exit code, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGTERM, as a service manager stops a process; returns the exit code once it exited.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = OsProcess.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }

        _onLine?.Invoke(line);
    }

    /// <summary>The <c>dotnet</c> host running the tests (the CLI sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public override string ToString()
    {
        var state = _process.HasExited ? $"exited {_process.ExitCode}{(KilledByTest ? " (killed by the test)" : "")}" : "running";
        var text = new StringBuilder($"{Name} ({state})");
        return text.Append(":\n").Append(Output).ToString();
    }
}
