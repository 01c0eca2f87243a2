using System.Text;
using DbLogs.Collection.Tailing;
using static DbLogs.Tests.Collection.Tailing.TailFiles;

namespace DbLogs.Tests.Collection.Tailing;

/// <summary>One file's content over its life, wherever it is renamed, copied or compressed to.</summary>
internal sealed class ModelFile(string path)
{
    /// <summary>Null once deleted or overwritten.</summary>
    public string? Path { get; set; } = path;

    public List<int> Lines { get; } = [];

    public long Size { get; set; }

    /// <summary>The tailer's entry for the file: taken when the agent stopped, or when the file was lost while it ran.</summary>
    public FileCheckpoint? Entry { get; set; }

    /// <summary>Existed when the agent last stopped (so the agent knows it).</summary>
    public bool SeenAtStop { get; set; }

    public long SinkStoredAtStop { get; set; }
}

/// <summary>
/// The writer and the rotations, played on a real directory, remembering what every file holds: lines
/// <c>{seq:D8} payload\n</c>, seq unique and increasing in writing order.
/// </summary>
internal sealed class LogModel(string livePath, Random random)
{
    private const int LogrotateKeep = 4;
    private const int MariadbRotations = 3;

    private int _nextSeq;
    private (ModelFile File, byte[] Remainder)? _partial;

    public string LivePath { get; } = livePath;

    public List<ModelFile> Files { get; } = [];

    public Dictionary<int, byte[]> Lines { get; } = [];

    public bool Stopped { get; private set; } = true;

    public bool HasPartial => _partial is not null;

    /// <summary>Files deleted or overwritten before the agent read them and had them acknowledged: at a stop, what was not stored is lost.</summary>
    public List<ModelFile> Lost { get; } = [];

    /// <summary>What the agent must report: per lost file, the size it saw minus what it had acknowledged.</summary>
    public long ExpectedGapBytes { get; private set; }

    /// <summary>What the sink lacks: per lost file, its size minus what the sink stored of it.</summary>
    public long ExpectedMissingBytes { get; private set; }

    /// <summary>The running agent's checkpoint, to know which file id a file lost while it runs has.</summary>
    public Func<SourceCheckpoint>? RunningCheckpoint { get; set; }

    private List<ModelFile> LostWhileRunning { get; } = [];

    private ModelFile? Live => Files.Find(f => f.Path == LivePath);

    public void Append(int lines)
    {
        for (var i = 0; i < lines; i++)
        {
            var (seq, line) = NewLine();
            Write(line).Lines.Add(seq);
        }
    }

    public void WritePartial()
    {
        var (seq, line) = NewLine();
        var split = random.Next(1, line.Length);
        var file = Write(line.AsSpan(0, split));
        file.Lines.Add(seq);
        _partial = (file, line[split..]);
    }

    public void CompletePartial()
    {
        var (file, rest) = _partial!.Value;
        Assert.Equal(LivePath, file.Path); // nothing rotates while a line is half written
        Write(rest);
        _partial = null;
    }

    /// <summary>Debian's logrotate: <c>.4.gz</c> deleted, <c>.N(.gz)</c> → <c>.N+1</c>, live → <c>.1</c>; Redis recreates the live file at its next line.</summary>
    public bool RotateLogrotate(bool compressNow)
    {
        if (!CanLose(At(LogrotateKeep)))
        {
            return false;
        }

        ShiftRotated();
        if (compressNow && At(2) is { Path: { } path } second && !path.EndsWith(".gz", StringComparison.Ordinal))
        {
            CompressFile(second);
        }

        if (Live is { } live)
        {
            Move(live, Rotated(1, compressed: false));
        }

        return true;
    }

    /// <summary>MariaDB's server_audit with rotations=3: <c>.2 → .3</c> (overwriting it), <c>.1 → .2</c>, live → <c>.1</c>, a new live file.</summary>
    public bool RotateMariadb()
    {
        if (At(MariadbRotations - 1) is not null && !CanLose(At(MariadbRotations)))
        {
            return false;
        }

        for (var n = MariadbRotations - 1; n >= 1; n--)
        {
            if (At(n) is not { } file)
            {
                continue;
            }

            if (At(n + 1) is { } overwritten)
            {
                Lose(overwritten, delete: false);
            }

            File.Move(file.Path!, Rotated(n + 1, compressed: false), overwrite: true);
            file.Path = Rotated(n + 1, compressed: false);
        }

        if (Live is { } live)
        {
            Move(live, Rotated(1, compressed: false));
        }

        File.Create(LivePath).Dispose();
        Files.Add(new ModelFile(LivePath));
        return true;
    }

    /// <summary>logrotate's copytruncate: shift, copy live → <c>.1</c>, truncate live (no write in between here).</summary>
    public bool CopyTruncate()
    {
        if (Live is not { } live || !CanLose(At(LogrotateKeep)))
        {
            return false;
        }

        ShiftRotated();
        File.Copy(LivePath, Rotated(1, compressed: false));
        live.Path = Rotated(1, compressed: false);
        using (var truncate = new FileStream(LivePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        Files.Add(new ModelFile(LivePath));
        return true;
    }

    /// <summary>Deletes the live file and writes a new one, which often gets the deleted file's inode.</summary>
    public bool DeleteAndRecreate()
    {
        if (Live is not { } live || !CanLose(live))
        {
            return false;
        }

        Lose(live, delete: true);
        Append(1);
        return true;
    }

    /// <summary>logrotate's delayed compression: every plain <c>.N</c> from 2 up becomes <c>.N.gz</c>.</summary>
    public void CompressRotated()
    {
        for (var n = 2; n <= LogrotateKeep; n++)
        {
            if (At(n) is { Path: { } path } file && !path.EndsWith(".gz", StringComparison.Ordinal))
            {
                CompressFile(file);
            }
        }
    }

    public void OnStop(SourceCheckpoint checkpoint, FakeSink sink)
    {
        Stopped = true;
        // Lost while the agent ran and not yet acknowledged to the end: after the restart nothing can read it.
        foreach (var file in LostWhileRunning)
        {
            var entry = file.Entry is null ? null : checkpoint.Files.FirstOrDefault(e => e.Id == file.Entry.Id);
            Settle(file, entry, file.Entry is null ? 0 : sink.StoredLength(file.Entry.Id));
        }

        LostWhileRunning.Clear();
        foreach (var file in Files.Where(f => f.Path is not null))
        {
            var entry = EntryFor(file.Path!, checkpoint);
            if (entry is null && file.Size == 0 && file.Path != LivePath)
            {
                continue; // a rotated file found empty is left until it has bytes: it may be a copy not yet written
            }

            Assert.True(entry is not null, $"the agent does not know {file.Path}");
            Assert.Equal(file.Size, entry.Size);
            file.Entry = entry;
            file.SeenAtStop = true;
            file.SinkStoredAtStop = sink.StoredLength(entry.Id);
        }
    }

    public void OnStart()
    {
        Stopped = false;
        foreach (var file in Files.Where(f => f.SeenAtStop && f.Path is not null))
        {
            // A partial first line is too weak a fingerprint to follow a file that grew while the agent was stopped:
            // the agent reads it as a new file and reports what it had seen of the old one.
            var entry = file.Entry!;
            var firstLine = file.Lines.Count == 0 ? 0 : Lines[file.Lines[0]].Length;
            if (entry.FingerprintLength > 0 && entry.FingerprintLength < Math.Min(Fingerprint.MaxLength, firstLine) &&
                file.Size != entry.Size && !entry.Finished)
            {
                ExpectedGapBytes += entry.Size - entry.Offset;
            }
        }

        foreach (var file in Files)
        {
            file.SeenAtStop = false;
        }
    }

    private static FileCheckpoint? EntryFor(string path, SourceCheckpoint checkpoint)
    {
        Assert.True(FileStat.TryOf(path, out var stat));
        return checkpoint.Files.LastOrDefault(e => e.Device == stat.Identity.Device && e.Inode == stat.Identity.Inode);
    }

    private bool CanLose(ModelFile? file) =>
        // A file created and lost while the agent is stopped was never seen: its loss cannot be measured.
        file is null || !Stopped || file.SeenAtStop;

    private void Lose(ModelFile file, bool delete)
    {
        if (Stopped)
        {
            Settle(file, file.Entry, file.SinkStoredAtStop);
        }
        else
        {
            file.Entry = EntryFor(file.Path!, RunningCheckpoint!());
            LostWhileRunning.Add(file);
        }

        if (delete)
        {
            File.Delete(file.Path!);
        }

        file.Path = null;
    }

    private void Settle(ModelFile file, FileCheckpoint? entry, long sinkStored)
    {
        Lost.Add(file);
        ExpectedGapBytes += entry is { Finished: false } ? entry.Size - entry.Offset : 0;
        ExpectedMissingBytes += file.Size - sinkStored;
    }

    private void ShiftRotated()
    {
        if (At(LogrotateKeep) is { } oldest)
        {
            Lose(oldest, delete: true);
        }

        for (var n = LogrotateKeep - 1; n >= 1; n--)
        {
            if (At(n) is { Path: { } path } file)
            {
                Move(file, Rotated(n + 1, path.EndsWith(".gz", StringComparison.Ordinal)));
            }
        }
    }

    private static void CompressFile(ModelFile file)
    {
        Compress(file.Path!);
        file.Path += ".gz";
    }

    private static void Move(ModelFile file, string path)
    {
        File.Move(file.Path!, path);
        file.Path = path;
    }

    private ModelFile? At(int n) =>
        Files.Find(f => f.Path == Rotated(n, compressed: false) || f.Path == Rotated(n, compressed: true));

    private string Rotated(int n, bool compressed) => $"{LivePath}.{n}{(compressed ? ".gz" : "")}";

    private (int Seq, byte[] Line) NewLine()
    {
        var seq = _nextSeq++;
        var roll = random.Next(100);
        var length = roll < 2 ? 100_000 : roll < 10 ? random.Next(1000, 4000) : random.Next(10, 200);
        var payload = new string((char)('a' + (seq % 26)), length);
        var line = Encoding.ASCII.GetBytes($"{seq:D8} {payload}\n");
        Lines[seq] = line;
        return (seq, line);
    }

    private ModelFile Write(ReadOnlySpan<byte> bytes)
    {
        if (Live is not { } live)
        {
            live = new ModelFile(LivePath);
            Files.Add(live);
        }

        using (var stream = new FileStream(LivePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Write(bytes);
        }

        live.Size += bytes.Length;
        return live;
    }
}
