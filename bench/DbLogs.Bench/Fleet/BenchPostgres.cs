using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// A private PostgreSQL 15 cluster for the fleet benchmark (Debian package <c>postgresql</c>'s binaries, never its
/// service): initdb into a temporary directory, pg_ctl on a free loopback port with its socket there, run as the
/// package's <c>postgres</c> user when the bench runs as root (PostgreSQL refuses root). fsync is off: the benchmark
/// times reads, and a lost cluster is seeded again. Its shared buffers sit on huge pages when it can reserve them
/// (<see cref="HugePageReservation"/>).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string User = "postgres";
    private const string SharedBuffers = "512MB";
    private HugePageReservation? _hugePages;

    private BenchPostgres(string root, int port)
    {
        Root = root;
        Port = port;
    }

    public string Root { get; }
    public int Port { get; }
    public string DataDirectory => Path.Combine(Root, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database }.ToString();

    public static async Task<BenchPostgres> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"{Bin}/initdb is missing: install the Debian package postgresql (scripts/bench.sh does).");
        }

        var root = Directory.CreateTempSubdirectory("dblogs-bench-pg-").FullName;
        var cluster = new BenchPostgres(root, ServeProcess.FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("/bin/chown", User, root);
        }

        await PgAsync("initdb", "-D", cluster.DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "-N");
        var pages = int.Parse(await AsUserAsync(Path.Combine(Bin, "postgres"), "-D", cluster.DataDirectory, "-c", $"shared_buffers={SharedBuffers}",
            "-C", "shared_memory_size_in_huge_pages"), CultureInfo.InvariantCulture);
        cluster._hugePages = HugePageReservation.TryReserve(pages);
        Console.Error.WriteLine(cluster._hugePages is null
            ? "postgres: shared buffers on 4 KiB pages (no 2 MiB huge pages reserved: not root, no free memory, or DBLOGS_BENCH_HUGE_PAGES=0)"
            : $"postgres: shared buffers on 2 MiB huge pages ({pages} reserved while the cluster runs)");
        await cluster.StartServerAsync();
        return cluster;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task StartServerAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(Root, "postgres.log"), "-w", "-o",
        string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -k {Root} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers={SharedBuffers} -c max_wal_size=8GB -c huge_pages=try"),
        "start");

    /// <summary>The postmaster's process id (its backends are its children).</summary>
    public int ServerProcessId => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-w", "-m", "fast", "stop");

    /// <summary>Copies a directory tree with its owner and modes, which PostgreSQL checks on its data directory.</summary>
    public static Task CopyTreeAsync(string from, string to) => RunAsync("/bin/cp", "-a", from, to);

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        _hugePages?.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private static Task<string> PgAsync(string program, params string[] args) => AsUserAsync(Path.Combine(Bin, program), args);

    private static Task<string> AsUserAsync(string program, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("/usr/sbin/runuser", ["-u", User, "--", program, .. args]) : RunAsync(program, args);

    /// <returns>What the program wrote to its standard output.</returns>
    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit {process.ExitCode}: {await output} {await error}");
        }

        return await output;
    }
}
