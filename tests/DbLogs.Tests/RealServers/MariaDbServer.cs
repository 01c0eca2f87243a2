using System.Diagnostics;
using System.Globalization;
using DbLogs.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.RealServers;

/// <summary>How to start a <see cref="MariaDbServer"/>.</summary>
public sealed record MariaDbOptions
{
    /// <summary><c>server_audit_file_rotate_size</c>: small, so the plugin itself rotates during a test.</summary>
    public long AuditRotateSize { get; init; } = 4096;

    /// <summary><c>server_audit_file_rotations</c> (10-99 give two-digit suffixes <c>.01</c> …).</summary>
    public int AuditRotations { get; init; } = 20;

    /// <summary><c>long_query_time</c> in seconds.</summary>
    public double LongQueryTime { get; init; } = 0.05;

    /// <summary>
    /// With a certificate for <c>localhost</c> and 127.0.0.1 from a CA made for it (<see cref="MariaDbServer.Tls"/>), and
    /// <c>require_secure_transport</c>: TCP clients must use TLS (the socket stays open to the fixture's client).
    /// </summary>
    public bool RequireTls { get; init; }
}

/// <summary>
/// A data directory made by <c>mariadb-install-db</c> (about two seconds) that servers copy (milliseconds): share one
/// per test class as an <c>IClassFixture</c>. Dispose deletes it.
/// </summary>
public sealed class MariaDbTemplate : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("dblogs-mariadb-template-").FullName;

    public string DataDirectory => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        try
        {
            await MariaDbServer.InstallAsync(DataDirectory);
        }
        catch
        {
            ServerTools.DeleteDirectory(_root);
            throw;
        }
    }

    public Task DisposeAsync()
    {
        ServerTools.DeleteDirectory(_root);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A private <c>mariadbd</c> (the Debian package's binary): its own data directory (a copy of a
/// <see cref="MariaDbTemplate"/>'s, or installed afresh), a Unix socket and a free loopback port, the error log, slow log and
/// <c>server_audit</c> file in <see cref="LogDirectory"/>. Dispose stops it (<c>mariadb-admin shutdown</c>, then kill)
/// and deletes its directory.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    public const string Server = "/usr/sbin/mariadbd";
    public const string Client = "/usr/bin/mariadb";
    public const string Admin = "/usr/bin/mariadb-admin";
    public const string InstallDb = "/usr/bin/mariadb-install-db";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly OsProcess _process;
    private readonly Func<string> _output;

    private MariaDbServer(OsProcess process, Func<string> output, string root, int port, IReadOnlyList<string> commandLine)
    {
        _process = process;
        _output = output;
        Root = root;
        Port = port;
        CommandLine = commandLine;
    }

    /// <summary>The temp directory holding everything of this server (deleted on dispose).</summary>
    public string Root { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string Socket => Path.Combine(Root, "run", "mysqld.sock");

    /// <summary>Holds only the server's logs: <c>error.log</c>, <c>slow.log</c>, <c>audit.log</c> and the audit rotations.</summary>
    public string LogDirectory => Path.Combine(Root, "logs");

    public string ErrorLog => Path.Combine(LogDirectory, "error.log");

    public string SlowLog => Path.Combine(LogDirectory, "slow.log");

    public string AuditLog => Path.Combine(LogDirectory, "audit.log");

    /// <summary>The server's command line (for reports).</summary>
    public IReadOnlyList<string> CommandLine { get; }

    /// <summary>The CA and certificate of a server started with <see cref="MariaDbOptions.RequireTls"/>.</summary>
    public TestCertificates? Tls => File.Exists(Path.Combine(Root, "tls", "ca.crt")) ? TestCertificates.Open(Path.Combine(Root, "tls")) : null;

    /// <summary>The command that makes a fresh data directory (templates and servers without one).</summary>
    /// <param name="tempDirectory">The server's own <c>--tmpdir</c>: a mariadbd starting with the shared /tmp removes the
    /// <c>#sql</c> temporary tables it finds there, including those of another server installing at that moment.</param>
    public static IReadOnlyList<string> InstallCommandLine(string dataDirectory, string tempDirectory) =>
    [
        InstallDb, "--no-defaults", $"--datadir={dataDirectory}", "--auth-root-authentication-method=normal", "--skip-test-db",
        "--skip-name-resolve", .. ServerTools.IsRoot ? ["--user=root"] : Array.Empty<string>(), $"--tmpdir={tempDirectory}",
    ];

    /// <param name="template">A data directory to copy; without one, mariadb-install-db makes one (about two seconds more).</param>
    public static async Task<MariaDbServer> StartAsync(MariaDbOptions? options = null, MariaDbTemplate? template = null)
    {
        options ??= new MariaDbOptions();
        EnsureInstalled();

        return await ServerStart.WithRetriesAsync(async () =>
        {
            var server = await LaunchAsync(template, options);
            string failure;
            try
            {
                if (await server.WaitReadyAsync())
                {
                    return (server, string.Empty);
                }

                failure = server.Describe("exited during start-up");
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            await server.DisposeAsync();
            return (null, failure);
        });
    }

    /// <summary>Runs the <c>mariadb</c> client over the socket with <paramref name="sql"/> on its input.</summary>
    public Task<CommandResult> TryClientAsync(string sql, string user = "root", string? password = null)
    {
        List<string> args =
        [
            "--no-defaults", $"--socket={Socket}", $"--user={user}", "--default-character-set=utf8mb4", "--batch", "--skip-column-names",
        ];
        if (password is not null)
        {
            args.Add($"--password={password}");
        }

        return ServerTools.RunAsync(Client, args, sql, TimeSpan.FromSeconds(20));
    }

    /// <summary>Runs SQL as root and returns its tab-separated output; fails the test if the client fails.</summary>
    public async Task<string> SqlAsync(string sql, string user = "root", string? password = null)
    {
        var result = await TryClientAsync(sql, user, password);
        Assert.True(result.ExitCode == 0, $"mariadb failed on:\n{sql}\n{result}");
        return result.Stdout;
    }

    /// <summary>Runs <c>mariadb-admin</c> commands (e.g. <c>flush-error-log</c>, <c>flush-slow-log</c>) as root.</summary>
    public async Task AdminAsync(params string[] commands)
    {
        var result = await ServerTools.RunAsync(Admin, ["--no-defaults", $"--socket={Socket}", "--user=root", .. commands], timeout: TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0, $"mariadb-admin {string.Join(' ', commands)} failed: {result}");
    }

    /// <summary>The audit files oldest first: rotations by descending number, then the live file.</summary>
    public IReadOnlyList<string> AuditFiles()
    {
        var rotated = new List<(int Number, string Path)>();
        foreach (var path in Directory.EnumerateFiles(LogDirectory, "audit.log.*"))
        {
            if (int.TryParse(Path.GetExtension(path).AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                rotated.Add((number, path));
            }
        }

        return [.. rotated.OrderByDescending(r => r.Number).Select(r => r.Path), .. File.Exists(AuditLog) ? [AuditLog] : Array.Empty<string>()];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && File.Exists(Socket))
            {
                try
                {
                    await ServerTools.RunAsync(Admin, ["--no-defaults", $"--socket={Socket}", "--user=root", "shutdown"], timeout: TimeSpan.FromSeconds(15));
                    using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _process.WaitForExitAsync(exited.Token);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    // Not stopping: killed below.
                }
            }
        }
        finally
        {
            ServerTools.Kill(_process);
            _process.Dispose();
            ServerTools.DeleteDirectory(Root);
        }
    }

    /// <summary>Makes a fresh data directory with <see cref="InstallCommandLine"/>.</summary>
    public static async Task InstallAsync(string dataDirectory)
    {
        EnsureInstalled();
        var temp = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "tmp")).FullName;
        var command = InstallCommandLine(dataDirectory, temp);
        var result = await ServerTools.RunAsync(command[0], command.Skip(1), timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} failed: {result}");
    }

    private static void EnsureInstalled()
    {
        foreach (var binary in new[] { Server, Client, Admin, InstallDb })
        {
            if (!File.Exists(binary))
            {
                Assert.Fail($"{binary} is missing: install the Debian packages mariadb-server and mariadb-client (scripts/test.sh does).");
            }
        }
    }

    private static async Task<MariaDbServer> LaunchAsync(MariaDbTemplate? template, MariaDbOptions options)
    {
        var root = Directory.CreateTempSubdirectory("dblogs-mariadb-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            if (template is null)
            {
                await InstallAsync(data);
            }
            else
            {
                ServerTools.CopyDirectory(template.DataDirectory, data);
            }

            var run = Directory.CreateDirectory(Path.Combine(root, "run")).FullName;
            var logs = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;
            var temp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
            var port = Loopback.FreePort();
            var tls = options.RequireTls ? TestCertificates.Create(Path.Combine(root, "tls")) : null;
            string[] secure = tls is null
                ? []
                : [$"--ssl-ca={tls.CaFile}", $"--ssl-cert={tls.CertificateFile}", $"--ssl-key={tls.KeyFile}", "--require-secure-transport=ON"];
            string[] args =
            [
                "--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(run, "mysqld.sock")}",
                $"--port={port.ToString(CultureInfo.InvariantCulture)}", "--bind-address=127.0.0.1",
                .. ServerTools.IsRoot ? ["--user=root"] : Array.Empty<string>(),
                $"--pid-file={Path.Combine(run, "mariadbd.pid")}", $"--log-error={Path.Combine(logs, "error.log")}", $"--tmpdir={temp}",
                "--log-warnings=4", // failed logins appear in the error log
                "--plugin-load-add=server_audit", $"--server-audit-file-path={Path.Combine(logs, "audit.log")}", "--server-audit-logging=ON",
                $"--server-audit-file-rotate-size={options.AuditRotateSize.ToString(CultureInfo.InvariantCulture)}",
                $"--server-audit-file-rotations={options.AuditRotations.ToString(CultureInfo.InvariantCulture)}",
                "--slow-query-log=1", $"--slow-query-log-file={Path.Combine(logs, "slow.log")}",
                $"--long-query-time={options.LongQueryTime.ToString(CultureInfo.InvariantCulture)}",
                "--innodb-buffer-pool-size=32M", .. secure,
            ];
            var info = new ProcessStartInfo(Server)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            var process = OsProcess.Start(info) ?? throw new InvalidOperationException($"could not start {Server}");
            return new MariaDbServer(process, ServerTools.CaptureOutput(process), root, port, [Server, .. args]);
        }
        catch
        {
            ServerTools.DeleteDirectory(root);
            throw;
        }
    }

    /// <returns>False when the process ended (e.g. the port was taken).</returns>
    private async Task<bool> WaitReadyAsync()
    {
        var started = Stopwatch.StartNew();
        var last = new CommandResult(-1, string.Empty, "not tried");
        while (started.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (File.Exists(Socket) && (last = await TryClientAsync("SELECT 1")).ExitCode == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        Assert.Fail(Describe($"did not answer SELECT 1 within {StartTimeout.TotalSeconds:0} s (last try: {last})"));
        return false;
    }

    private string Describe(string problem) =>
        $"mariadbd on {Socket} / port {Port} {problem}.\n--- command ---\n{string.Join(' ', CommandLine)}\n--- {ErrorLog} ---\n" +
        $"{ServerTools.TryReadText(ErrorLog)}\n--- output ---\n{_output()}";
}
