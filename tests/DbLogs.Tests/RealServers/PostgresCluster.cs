using System.Globalization;
using DbLogs.Tests.Support;
using Npgsql;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// One private PostgreSQL 15 cluster (the Debian package's binaries) for the whole test run: <c>initdb</c> into a temp
/// directory, <c>pg_ctl</c> on a free loopback port with its socket in that directory, stopped and deleted when the test
/// process exits (by a <see cref="Reaper"/> when the test host is killed before its exit handlers run). Each test takes a
/// database of its own (<see cref="CreateDatabaseAsync"/>). PostgreSQL refuses to run as root, so under root the cluster
/// runs as the package's <c>postgres</c> user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string RunAsUser = "postgres";

    private static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(StartPrivateAsync);
    private int _stopped;

    private PostgresCluster(string root, int port)
    {
        Root = root;
        Port = port;
    }

    /// <summary>The cluster of this test run, started on first use.</summary>
    public static Task<PostgresCluster> Shared => SharedCluster.Value;

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string LogFile => Path.Combine(Root, "postgres.log");

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> as the cluster's superuser (trust on loopback).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = RunAsUser, Database = database }.ToString();

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    /// <summary>Runs pg_ctl with <paramref name="args"/> (e.g. <c>stop -m immediate</c>) as the cluster's user.</summary>
    public Task<CommandResult> ControlAsync(params string[] args) =>
        RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", .. args], TimeSpan.FromSeconds(90));

    /// <summary>Starts the stopped cluster again on its port.</summary>
    public async Task RestartAsync()
    {
        var result = await ControlAsync(StartArgs(Root, Port));
        Assert.True(result.ExitCode == 0, $"pg_ctl start failed: {result}\n--- log ---\n{ServerTools.TryReadText(LogFile)}");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A cluster of the caller's own (a test that stops and starts it): the caller disposes it; else it is stopped when the test process exits.</summary>
    public static async Task<PostgresCluster> StartPrivateAsync()
    {
        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
        {
            Assert.Fail($"{initdb} is missing: install the Debian package postgresql (scripts/test.sh does).");
        }

        var root = Directory.CreateTempSubdirectory("dblogs-pg-").FullName;
        Reaper.WhenThisProcessEnds("pg-reaper", // SIGQUIT: PostgreSQL's immediate shutdown
            """
            pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null) && grep -qF "$2/data" "/proc/$pid/cmdline" 2>/dev/null && kill -QUIT "$pid"
            sleep 2
            rm -rf "$2"
            """, root);
        if (ServerTools.IsRoot)
        {
            var chown = await ServerTools.RunAsync("/bin/chown", [RunAsUser, root]);
            Assert.True(chown.ExitCode == 0, $"chown {root} failed: {chown}");
        }

        var init = await RunAsync(initdb, ["-D", Path.Combine(root, "data"), "-U", RunAsUser, "--auth=trust", "-E", "UTF8", "--locale=C", "-N"],
            TimeSpan.FromSeconds(120));
        Assert.True(init.ExitCode == 0, $"initdb failed: {init}");
        var cluster = await ServerStart.WithRetriesAsync(async () =>
        {
            var candidate = new PostgresCluster(root, Loopback.FreePort());
            var start = await candidate.ControlAsync(StartArgs(root, candidate.Port));
            return start.ExitCode == 0
                ? (candidate, string.Empty)
                : (null, $"pg_ctl start failed: {start}\n--- log ---\n{ServerTools.TryReadText(candidate.LogFile)}");
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    // fsync off is safe for tests: a stop -m immediate kills the server, not the machine, so what reached the OS survives.
    // synchronous_commit stays on: off, an immediate stop loses commits the service was told were durable.
    private static string[] StartArgs(string root, int port) =>
    [
        "-o",
        string.Create(CultureInfo.InvariantCulture,
            $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off"),
        "start",
    ];

    /// <summary>Stops a private cluster and deletes it (a test host's exit handlers may not get the time to).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            try
            {
                await ControlAsync("stop", "-m", "immediate");
            }
            finally
            {
                ServerTools.DeleteDirectory(Root);
            }
        }
    }

    private void Stop() => DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));

    /// <summary>Runs a PostgreSQL binary, as the <c>postgres</c> user when the tests run as root.</summary>
    private static Task<CommandResult> RunAsync(string binary, string[] args, TimeSpan timeout) =>
        ServerTools.IsRoot
            ? ServerTools.RunAsync("/usr/sbin/runuser", ["-u", RunAsUser, "--", binary, .. args], timeout: timeout)
            : ServerTools.RunAsync(binary, args, timeout: timeout);
}
