using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using DbLogs.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// A private <c>redis-server</c> (the Debian package's binary) on a free loopback port, with its log file and working
/// directory in a fresh temp directory, no persistence configured. Dispose sends <c>SHUTDOWN NOSAVE</c>, kills what is
/// left (a BGSAVE child too) and deletes the directory.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    // Each of the two waits of a BGSAVE (for a save already running, for its own) gets this; a fork is slow on a loaded machine.
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromSeconds(30);

    private readonly OsProcess _process;
    private readonly Func<string> _output;

    private RedisServer(OsProcess process, Func<string> output, string root, int port, string logFile, IReadOnlyList<string> commandLine,
        TestCertificates? tls)
    {
        Tls = tls;
        _process = process;
        _output = output;
        Root = root;
        Port = port;
        LogFile = logFile;
        CommandLine = commandLine;
    }

    /// <summary>The temp directory holding everything of this server (deleted on dispose).</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>The run log, <c>{Root}/log/redis.log</c>, alone in its directory.</summary>
    public string LogFile { get; }

    /// <summary>The server's command line (for reports).</summary>
    public IReadOnlyList<string> CommandLine { get; }

    /// <summary>Set when the server speaks only TLS (<see cref="StartWithTlsAsync"/>): its CA and certificate.</summary>
    public TestCertificates? Tls { get; }

    /// <summary>
    /// A server that speaks only TLS on <see cref="Port"/> (<c>--port 0 --tls-port</c>) with a certificate for
    /// <c>localhost</c> and 127.0.0.1 from a CA made for it (<see cref="Tls"/>); clients need no certificate.
    /// </summary>
    public static Task<RedisServer> StartWithTlsAsync(params string[] extraArgs) => StartAsync(tls: true, extraArgs);

    /// <param name="extraArgs">More command-line options, after (and so overriding) the defaults, e.g. <c>--port</c> to restart on the same port.</param>
    public static Task<RedisServer> StartAsync(params string[] extraArgs) => StartAsync(tls: false, extraArgs);

    private static async Task<RedisServer> StartAsync(bool tls, string[] extraArgs)
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"{Binary} is missing: install the Debian package redis-server (scripts/test.sh does).");
        }

        return await ServerStart.WithRetriesAsync(async () =>
        {
            var server = Launch(extraArgs, tls);
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

    /// <summary>
    /// Sends one command over a new connection (RESP) and returns the reply: <c>+OK</c>, <c>-ERR …</c>, <c>:1</c> as
    /// sent, a bulk string as its content (empty for nil), or empty when the server closed the connection (SHUTDOWN).
    /// </summary>
    public async Task<string> CommandAsync(params string[] args) => (await SessionAsync(args))[0];

    /// <summary>Sends commands one after the other over one new connection, as an application would; the replies as <see cref="CommandAsync"/> gives them.</summary>
    public async Task<IReadOnlyList<string>> SessionAsync(params string[][] commands)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout * commands.Length);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        await using var stream = await OpenStreamAsync(client, timeout.Token);
        var replies = new List<string>();
        foreach (var args in commands)
        {
            replies.Add(await ExchangeAsync(stream, args, timeout.Token));
        }

        return replies;
    }

    private static async Task<string> ExchangeAsync(Stream stream, string[] args, CancellationToken ct)
    {
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), ct);
        try
        {
            var line = await ReadLineAsync(stream, ct);
            if (line is null)
            {
                return string.Empty;
            }

            if (!line.StartsWith('$'))
            {
                return line;
            }

            var length = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
            if (length < 0)
            {
                return string.Empty;
            }

            var body = new byte[length + 2];
            await stream.ReadExactlyAsync(body, ct);
            return Encoding.UTF8.GetString(body, 0, length);
        }
        catch (IOException)
        {
            return string.Empty; // the server closed the connection
        }
    }

    /// <summary>
    /// Starts a BGSAVE (a child process writes <c>C</c> lines) and waits until the server reaped the child. A master
    /// may be saving already for a replica's full sync; then the BGSAVE waits for that save to end.
    /// </summary>
    public async Task BackgroundSaveAsync()
    {
        var waiting = Stopwatch.StartNew();
        string reply;
        while ((reply = await CommandAsync("BGSAVE")).Contains("already in progress", StringComparison.Ordinal) && waiting.Elapsed < SaveTimeout)
        {
            await Task.Delay(20);
        }

        Assert.True(reply.StartsWith('+'), $"BGSAVE answered {reply}");
        var saving = Stopwatch.StartNew();
        while (!(await CommandAsync("INFO", "persistence")).Contains("rdb_bgsave_in_progress:0", StringComparison.Ordinal))
        {
            if (saving.Elapsed > SaveTimeout)
            {
                Assert.Fail(Describe("did not finish BGSAVE"));
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    await CommandAsync("SHUTDOWN", "NOSAVE");
                    using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _process.WaitForExitAsync(exited.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                {
                    // Not answering: killed below.
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

    private static RedisServer Launch(string[] extraArgs, bool tls)
    {
        var root = Directory.CreateTempSubdirectory("dblogs-redis-").FullName;
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
            var log = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "log")).FullName, "redis.log");
            var portAt = Array.IndexOf(extraArgs, "--port");
            var port = portAt >= 0 ? int.Parse(extraArgs[portAt + 1], CultureInfo.InvariantCulture) : Loopback.FreePort();
            var certificates = tls ? TestCertificates.Create(Path.Combine(root, "tls")) : null;
            string[] listen = certificates is null
                ? ["--port", port.ToString(CultureInfo.InvariantCulture)]
                :
                [
                    "--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", certificates.CertificateFile,
                    "--tls-key-file", certificates.KeyFile, "--tls-ca-cert-file", certificates.CaFile, "--tls-auth-clients", "no",
                ];
            string[] args =
            [
                .. listen, "--bind", "127.0.0.1", "--logfile", log, "--dir", data,
                "--save", "", "--appendonly", "no", "--daemonize", "no", .. extraArgs,
            ];
            var info = new ProcessStartInfo(Binary)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = data,
                Environment = { ["TZ"] = "UTC" }, // Redis stamps its log in local time; the tests' nodes are in UTC
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            var process = OsProcess.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
            return new RedisServer(process, ServerTools.CaptureOutput(process), root, port, log, [Binary, .. args], certificates);
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
        while (started.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                if (await CommandAsync("PING") == "+PONG")
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        Assert.Fail(Describe($"did not answer PING within {StartTimeout.TotalSeconds:0} s"));
        return false;
    }

    private string Describe(string problem) =>
        $"redis-server on port {Port} {problem}.\n--- command ---\n{string.Join(' ', CommandLine)}\n--- {LogFile} ---\n" +
        $"{ServerTools.TryReadText(LogFile)}\n--- output ---\n{_output()}";

    /// <summary>The connection's stream, in TLS when the server speaks only TLS.</summary>
    private async Task<Stream> OpenStreamAsync(TcpClient client, CancellationToken ct)
    {
        if (Tls is not { } tls)
        {
            return client.GetStream();
        }

        var secure = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => tls.Trusts(certificate));
        await secure.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = TestCertificates.ServerName }, ct);
        return secure;
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return line.Count == 0 ? null : throw new IOException("connection closed inside a reply");
            }

            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(one[0]);
        }
    }
}
