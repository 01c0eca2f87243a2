using System.Diagnostics;
using System.Net.Sockets;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.RealServers;

/// <summary>
/// A throwaway Ceph cluster, an S3-compatible object store (the Debian packages radosgw, ceph-mon, ceph-osd,
/// ceph-common): one mon, one OSD keeping its data in RAM and one RADOS Gateway on a loopback port, all in a directory
/// with cephx keys of their own, started in the foreground (never the packages' services). A detached reaper kills
/// them and deletes the directory when the starting process ends, however it ends.
/// </summary>
public sealed class CephCluster
{
    public const string AccessKey = "dblogs-test";
    public const string SecretKey = "dblogs-test-secret";

    /// <summary>The binaries the cluster needs (each from one of the Debian packages named above).</summary>
    public static readonly string[] Binaries = ["/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw", "/usr/bin/ceph"];

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly List<OsProcess> _daemons = [];

    private readonly long? _memstoreBytes;

    private CephCluster(string root, int monPort, int port, long? memstoreBytes)
    {
        Root = root;
        MonPort = monPort;
        Port = port;
        _memstoreBytes = memstoreBytes;
    }

    /// <summary>The directory holding the configuration, keys, logs and the mon's store.</summary>
    public string Root { get; }

    public int MonPort { get; }

    /// <summary>The gateway's S3 port on 127.0.0.1.</summary>
    public int Port { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>How long the start took, from the first key to the S3 user (for reports).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The daemons' process ids (mon, OSD, gateway).</summary>
    public IEnumerable<int> ProcessIds => _daemons.Select(daemon => daemon.Id);

    private string ConfigPath => Path.Combine(Root, "ceph.conf");

    /// <summary>
    /// Starts the daemons in <paramref name="root"/> (an empty directory) with the S3 user <see cref="AccessKey"/>. On
    /// failure everything started is stopped, and the exception (<see cref="InvalidOperationException"/> or
    /// <see cref="TimeoutException"/>) carries the tail of each daemon's log. <paramref name="memstoreBytes"/> is how much
    /// the OSD may hold in RAM (Ceph's default, 1 GiB, when null).
    /// </summary>
    public static async Task<CephCluster> StartAsync(string root, int monPort, int port, long? memstoreBytes = null)
    {
        var cluster = new CephCluster(root, monPort, port, memstoreBytes);
        try
        {
            await cluster.StartDaemonsAsync();
            return cluster;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            var logDirectory = Path.Combine(root, "log");
            var logs = string.Join("\n", (Directory.Exists(logDirectory) ? Directory.EnumerateFiles(logDirectory) : [])
                .Select(log => $"--- {Path.GetFileName(log)} (tail) ---\n{Tail(ServerTools.TryReadText(log))}"));
            cluster.Stop();
            throw new InvalidOperationException($"{ex.Message}\n{logs}", ex);
        }
    }

    private async Task StartDaemonsAsync()
    {
        var clock = Stopwatch.StartNew();
        StartReaper();
        foreach (var directory in new[] { "run", "log", "mon", "osd", "rgw" })
        {
            Directory.CreateDirectory(Path.Combine(Root, directory));
        }

        var fsid = Guid.NewGuid();
        await File.WriteAllTextAsync(ConfigPath, CephConfig.Text(Root, fsid, MonPort, Port, _memstoreBytes));
        var keyring = Path.Combine(Root, "keyring");
        foreach (var (name, caps) in CephConfig.Entities)
        {
            string[] create = File.Exists(keyring) ? [] : ["--create-keyring"];
            await RunAsync("/usr/bin/ceph-authtool", [.. create, keyring, "--gen-key", "-n", name, .. caps.SelectMany((cap, i) => i % 2 == 0 ? ["--cap", cap] : new[] { cap })]);
        }

        var monmap = Path.Combine(Root, "monmap");
        await RunAsync("/usr/bin/monmaptool", ["--create", "--fsid", fsid.ToString(), "--addv", "a", $"[v1:127.0.0.1:{MonPort}]", monmap]);
        await RunAsync("/usr/bin/ceph-mon", ["-c", ConfigPath, "--mkfs", "-i", "a", "--monmap", monmap, "--keyring", keyring]);
        Launch("/usr/bin/ceph-mon", "-i", "a");

        var osdUuid = Guid.NewGuid().ToString();
        await CephAsync("osd", "new", osdUuid, "0");
        await RunAsync("/usr/bin/ceph-osd", ["-c", ConfigPath, "-i", "0", "--mkfs", "--osd-uuid", osdUuid]);
        Launch("/usr/bin/ceph-osd", "-i", "0");
        await WaitForAsync("the OSD to be up", async () => (await CephAsync("osd", "stat")).Contains("1 up", StringComparison.Ordinal));

        Launch("/usr/bin/radosgw", "-n", "client.rgw.a");
        await WaitForAsync($"radosgw to listen on port {Port}", () => Task.FromResult(Listening(Port)));
        await RunAsync("/usr/bin/radosgw-admin",
            ["-c", ConfigPath, "user", "create", "--uid", AccessKey, "--display-name", AccessKey, "--access-key", AccessKey, "--secret-key", SecretKey]);
        StartTime = clock.Elapsed;
    }

    /// <summary>
    /// The starting process (a test host, a benchmark) may end before it has killed the daemons and deleted the directory
    /// (or be killed): when it ends, what still runs from this directory is killed and the directory deleted.
    /// </summary>
    private void StartReaper() => Reaper.WhenThisProcessEnds("ceph-reaper",
        """
        for proc in /proc/[0-9]*; do
          grep -qF "$2/ceph.conf" "$proc/cmdline" 2>/dev/null && kill -9 "${proc#/proc/}"
        done
        sleep 1
        rm -rf "$2"
        """, Root);

    /// <summary>Starts a daemon in the foreground as a child of this process (its log goes to its file under log/).</summary>
    private void Launch(string binary, params string[] args)
    {
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-f", "-c", ConfigPath, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        var process = OsProcess.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        _ = ServerTools.CaptureOutput(process);
        _daemons.Add(process);
    }

    private Task<string> CephAsync(params string[] args) =>
        RunAsync("/usr/bin/ceph", ["-c", ConfigPath, "--connect-timeout", "30", .. args]);

    private static async Task<string> RunAsync(string binary, string[] args)
    {
        var result = await ServerTools.RunAsync(binary, args, timeout: StepTimeout);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"{Path.GetFileName(binary)} {string.Join(' ', args)} failed: {result}");
    }

    private async Task WaitForAsync(string what, Func<Task<bool>> ready)
    {
        var deadline = Stopwatch.StartNew();
        while (!await ready())
        {
            if (_daemons.FirstOrDefault(daemon => daemon.HasExited) is { } ended)
            {
                throw new InvalidOperationException($"{ended.StartInfo.FileName} exited ({ended.ExitCode}) while waiting for {what}");
            }

            if (deadline.Elapsed > StepTimeout)
            {
                throw new TimeoutException($"waited {StepTimeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(50);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    // Killed, not stopped, and all at once: a test host gives its exit handlers little time, the OSD keeps its data in
    // RAM and the directory is deleted right after.
    public void Stop()
    {
        foreach (var daemon in _daemons)
        {
            try
            {
                daemon.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        foreach (var daemon in _daemons)
        {
            daemon.WaitForExit(5_000);
            daemon.Dispose();
        }

        _daemons.Clear();
        ServerTools.DeleteDirectory(Root);
    }
}
