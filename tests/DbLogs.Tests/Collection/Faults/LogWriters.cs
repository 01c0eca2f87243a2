using System.Diagnostics;
using System.Globalization;
using System.Text;
using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Faults;

/// <summary>
/// A server writing one log file at a steady pace, with its rotation, in the background. Every line carries a unique
/// sequence number; <see cref="Written"/> records every byte in write order.
/// </summary>
internal abstract class LogWriter(string livePath, Random random, double linesPerSecond)
{
    private static readonly DateTime Epoch = new(2025, 11, 21, 15, 27, 1, DateTimeKind.Unspecified);
    private readonly Dictionary<FileIdentity, int> _fileNumbers = [];
    private long _sequence;

    public string LivePath { get; } = livePath;

    public WrittenLog Written { get; } = new();

    public int Rotations { get; protected set; }

    protected Random Random { get; } = random;

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(Task.Run(() => WriteSteadilyAsync(ct), CancellationToken.None), RotateLoopAsync(ct));

    public override string ToString() => Path.GetFileName(LivePath);

    /// <summary>Writes one line (or record) ending with a line end.</summary>
    protected abstract void WriteOne(long sequence, DateTime time);

    /// <summary>Rotations that happen on their own schedule (logrotate); none by default.</summary>
    protected virtual Task RotateLoopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>A name for the file an open handle refers to, stable across renames: its order of creation and inode.</summary>
    protected string FileLabel(FileIdentity identity)
    {
        lock (_fileNumbers)
        {
            if (!_fileNumbers.TryGetValue(identity, out var number))
            {
                number = _fileNumbers.Count + 1;
                _fileNumbers[identity] = number;
            }

            return $"{Path.GetFileName(LivePath)} file #{number} (inode {identity.Inode})";
        }
    }

    /// <summary>A delay before the next logrotate run; not a synchronisation, just the rotation schedule.</summary>
    protected async Task<bool> WaitAsync(int minMs, int maxMs, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Next(minMs, maxMs), ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    protected int Next(int min, int max)
    {
        lock (Random)
        {
            return Random.Next(min, max);
        }
    }

    protected static string Numbered(string livePath, int number, int digits) =>
        livePath + "." + number.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');

    /// <summary>The rotated files <c>{live}.N</c> that exist, highest N first.</summary>
    protected static List<int> RotatedNumbers(string livePath)
    {
        var name = Path.GetFileName(livePath) + ".";
        var numbers = new List<int>();
        // No search pattern: Win32 matching (the default) lets "name.*" match "name" itself.
        foreach (var path in Directory.EnumerateFiles(Path.GetDirectoryName(livePath)!))
        {
            var fileName = Path.GetFileName(path);
            if (fileName.StartsWith(name, StringComparison.Ordinal) &&
                int.TryParse(fileName.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                numbers.Add(n);
            }
        }

        numbers.Sort((a, b) => b.CompareTo(a));
        return numbers;
    }

    private async Task WriteSteadilyAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * linesPerSecond);
                for (var n = 0; _sequence < due && n < 200 && !ct.IsCancellationRequested; n++)
                {
                    _sequence++;
                    WriteOne(_sequence, Epoch.AddMilliseconds(_sequence * 7));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Redis 7: opens, appends and closes the file for every line; logrotate renames <c>log → log.1</c>, <c>.1 → .2</c> …
/// at random times, concurrently with the writes, and keeps about 4 rotated files. A file beyond those is deleted only
/// once it has been rotated away for <see cref="MinAgeBeforeDelete"/>: the test is about kills, not about an agent
/// that is down longer than the rotation keeps files (which is real loss, reported as a gap).
/// </summary>
internal sealed class RedisRunWriter(string livePath, Random random, double linesPerSecond, int pid, char role) : LogWriter(livePath, random, linesPerSecond)
{
    public const int Keep = 4;
    public static readonly TimeSpan MinAgeBeforeDelete = TimeSpan.FromSeconds(45);

    private static readonly string[] Messages =
    [
        "* 10 changes in 300 seconds. Saving...",
        "* Background saving started by pid {0}",
        "* DB saved on disk",
        "* Fork CoW for RDB: current 1 MB, peak 1 MB, average 0 MB",
        "* Background saving terminated with success",
        "# WARNING: 32 bit instance detected but no memory limit set. Setting 3 GB maxmemory limit with 'noeviction' policy now.",
        "* Connection with replica 10.0.0.12:6379 lost.",
        "* Replica 10.0.0.12:6379 asks for synchronization",
        "* Partial resynchronization request from 10.0.0.12:6379 accepted. Sending 0 bytes of backlog starting from offset {0}.",
        "- Accepted 10.0.0.5:{0}",
        "- Client closed connection id={0} addr=10.0.0.5:51234 laddr=10.0.0.1:6379 fd=12 name= age=0 idle=0 flags=N db=0",
        "# Client id={0} addr=10.0.0.7:40022 closed for overcoming of output buffer limits.",
    ];

    private readonly List<DateTime> _rotatedAt = [];

    protected override void WriteOne(long sequence, DateTime time)
    {
        var message = string.Format(CultureInfo.InvariantCulture, Messages[Next(0, Messages.Length)], 40000 + sequence);
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{pid}:{role} {time:dd MMM yyyy HH:mm:ss.fff} {message} seq={sequence:D8}\n"));
        using var stream = new FileStream(LivePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var offset = stream.Position;
        var label = FileLabel(FileStat.Of(stream.SafeFileHandle).Identity);
        stream.Write(line);
        Written.Append(line, label, offset);
    }

    protected override async Task RotateLoopAsync(CancellationToken ct)
    {
        while (await WaitAsync(800, 2500, ct))
        {
            Rotate();
        }
    }

    private void Rotate()
    {
        foreach (var n in RotatedNumbers(LivePath))
        {
            File.Move(Numbered(LivePath, n, 1), Numbered(LivePath, n + 1, 1));
        }

        if (File.Exists(LivePath))
        {
            File.Move(LivePath, Numbered(LivePath, 1, 1));
            _rotatedAt.Add(DateTime.UtcNow);
            Rotations++;
        }

        // .N was rotated away at _rotatedAt[^N] (only the highest numbers are ever deleted, so the mapping holds).
        foreach (var n in RotatedNumbers(LivePath))
        {
            if (n > Keep && n <= _rotatedAt.Count && DateTime.UtcNow - _rotatedAt[^n] >= MinAgeBeforeDelete)
            {
                File.Delete(Numbered(LivePath, n, 1));
            }
        }
    }
}

/// <summary>
/// MariaDB's server_audit: writes records through an open handle and rotates itself before a write once the file is at
/// least <see cref="RotateSize"/>: <c>.N-1 → .N</c> … <c>.01 → .02</c>, live → <c>.01</c>, then a new live file
/// (suffix zero-padded to the digits of <see cref="MaxRotations"/>). With this many rotations nothing is overwritten.
/// </summary>
internal sealed class MariadbAuditWriter(string livePath, Random random, double linesPerSecond) : LogWriter(livePath, random, linesPerSecond), IDisposable
{
    public const int RotateSize = 64 * 1024;
    public const int MaxRotations = 99;
    private const int Digits = 2;

    private static readonly string[] Queries =
    [
        "SELECT * FROM orders WHERE customer_id = {0} ORDER BY created_at DESC LIMIT 20",
        "UPDATE carts SET updated_at = NOW() WHERE id = {0}",
        "INSERT INTO events (kind, payload) VALUES (\\'click\\', \\'{{\"id\": {0}}}\\')",
        "SELECT COUNT(*) FROM sessions WHERE expires_at > NOW()",
        "DELETE FROM carts WHERE id = {0} AND status = \\'abandoned\\'",
        "SET PASSWORD FOR \\'app\\'@\\'%\\' = *****",
    ];

    private FileStream? _live;
    private string _label = "";

    protected override void WriteOne(long sequence, DateTime time)
    {
        if (_live is null || _live.Length >= RotateSize)
        {
            Rotate();
        }

        string record;
        var pick = Next(0, 1000);
        if (pick < 60)
        {
            record = $"{time:yyyyMMdd HH:mm:ss},dbhost,app,10.0.0.{sequence % 200},{sequence},0,{(pick < 30 ? "CONNECT" : "DISCONNECT")},shop,,0";
        }
        else if (pick < 63)
        {
            // A long statement (server_audit_query_log_limit raised): a record longer than a batch.
            var values = string.Join(",", Enumerable.Range(0, 900).Select(i => $"({sequence},{i},\\'item-{i}\\')"));
            record = $"{time:yyyyMMdd HH:mm:ss},dbhost,etl,10.0.0.9,77,{sequence},QUERY,shop,'INSERT INTO items VALUES {values}',0";
        }
        else
        {
            var query = string.Format(CultureInfo.InvariantCulture, Queries[Next(0, Queries.Length)], sequence % 10000);
            record = $"{time:yyyyMMdd HH:mm:ss},dbhost,app,10.0.0.5,42,{sequence},QUERY,shop,'{query}',0";
        }

        var line = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{record}\n"));
        var offset = _live!.Length;
        _live.Write(line);
        Written.Append(line, _label, offset);
    }

    /// <summary>Closes the live file (the writer stopped).</summary>
    public void Dispose() => _live?.Dispose();

    private void Rotate()
    {
        if (_live is not null)
        {
            _live.Dispose();
            foreach (var n in RotatedNumbers(LivePath))
            {
                Assert.True(n < MaxRotations, $"the audit writer would overwrite {Numbered(LivePath, n, Digits)}: the test wrote too much");
                File.Move(Numbered(LivePath, n, Digits), Numbered(LivePath, n + 1, Digits));
            }

            File.Move(LivePath, Numbered(LivePath, 1, Digits));
            Rotations++;
        }

        _live = new FileStream(LivePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        _label = FileLabel(FileStat.Of(_live.SafeFileHandle).Identity);
    }
}

/// <summary>
/// A MariaDB error log rotated by logrotate with <c>copytruncate</c>: the live file is copied to <c>.1</c> (older
/// copies shifted first, about 4 kept) while the server goes on writing, then truncated in place. Bytes written between
/// the end of the copy and the truncate are in no file: the blind spot, recorded exactly in <see cref="WrittenLog"/>
/// (the truncate and the writes take one lock, so the size at the truncate is known). The copy runs in 4 KB pieces with
/// a short random pause before the truncate, as a copy of a large file on a busy disk would.
/// </summary>
internal sealed class CopytruncateErrorWriter(string livePath, Random random, double linesPerSecond) : LogWriter(livePath, random, linesPerSecond)
{
    public const int Keep = 4;

    private static readonly string[] Messages =
    [
        "[Note] Aborted connection {0} to db: 'shop' user: 'app' host: '10.0.0.5' (Got an error reading communication packets)",
        "[Warning] Access denied for user 'report'@'10.0.0.8' (using password: YES)",
        "[Note] InnoDB: Buffer pool(s) load completed at 251121 15:27:01",
        "[Warning] Aborted connection {0} to db: 'unconnected' user: 'unauthenticated' host: '10.0.0.9' (This connection closed normally without authentication)",
        "[ERROR] InnoDB: Operating system error number 28 in a file operation.\nInnoDB: Error number 28 means 'No space left on device'\nInnoDB: Some operating system error numbers are described at https://mariadb.com/kb/en/library/operating-system-error-codes/",
        "[Note] Detected table cache mutex contention at instance 1: 30% waits. Additional table cache instance activated. Number of instances after activation: 2.",
    ];

    private readonly Lock _gate = new();
    private readonly List<DateTime> _rotatedAt = [];
    private long _liveStart;
    private int _generation = 1;

    protected override void WriteOne(long sequence, DateTime time)
    {
        var message = string.Format(CultureInfo.InvariantCulture, Messages[Next(0, Messages.Length)], sequence);
        var line = Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{time:yyyy-MM-dd} {time.Hour,2}:{time:mm:ss} {sequence} {message}\n"));
        lock (_gate)
        {
            using var stream = new FileStream(LivePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            var offset = stream.Position;
            stream.Write(line);
            Written.Append(line, $"{Path.GetFileName(LivePath)} between truncates #{_generation}", offset);
        }
    }

    protected override async Task RotateLoopAsync(CancellationToken ct)
    {
        while (await WaitAsync(1500, 3500, ct))
        {
            await RotateAsync();
        }
    }

    private async Task RotateAsync()
    {
        if (!File.Exists(LivePath) || new FileInfo(LivePath).Length == 0)
        {
            return;
        }

        foreach (var n in RotatedNumbers(LivePath))
        {
            File.Move(Numbered(LivePath, n, 1), Numbered(LivePath, n + 1, 1));
        }

        long copied = 0;
        await using (var source = new FileStream(LivePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1))
        await using (var copy = new FileStream(Numbered(LivePath, 1, 1), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1))
        {
            var buffer = new byte[4096];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                copy.Write(buffer.AsSpan(0, read));
                copied += read;
            }
        }

        await Task.Delay(Next(0, 30)); // the copy-to-truncate window of a slow copy
        lock (_gate)
        {
            var size = new FileInfo(LivePath).Length;
            Written.AddBlindSpot(_liveStart + copied, _liveStart + size);
            using (var live = new FileStream(LivePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                live.SetLength(0);
            }

            _liveStart = Written.Length;
            _generation++;
            _rotatedAt.Add(DateTime.UtcNow);
            Rotations++;
        }

        foreach (var n in RotatedNumbers(LivePath))
        {
            if (n > Keep && n <= _rotatedAt.Count && DateTime.UtcNow - _rotatedAt[^n] >= RedisRunWriter.MinAgeBeforeDelete)
            {
                File.Delete(Numbered(LivePath, n, 1));
            }
        }
    }
}
