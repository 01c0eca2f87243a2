using System.IO.Compression;
using System.Text;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Tests.Collection.Tailing;

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dblogs-tailing-{Guid.NewGuid():N}");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A clock the test moves; moved past the scan interval before a read, it makes that read list the directory.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2025, 11, 21, 15, 27, 1, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The service side: stores each file's bytes idempotently by offset, as the ingest route does.</summary>
internal sealed class FakeSink
{
    private readonly Dictionary<string, MemoryStream> _files = [];

    public IReadOnlyCollection<string> FileIds => _files.Keys;

    public long StoredLength(string fileId) => _files.TryGetValue(fileId, out var stored) ? stored.Length : 0;

    public byte[] Stored(string fileId) => _files.TryGetValue(fileId, out var stored) ? stored.ToArray() : [];

    public (bool Accepted, long StoredOffset) Send(FileChunk chunk)
    {
        if (!_files.TryGetValue(chunk.FileId, out var stored))
        {
            _files[chunk.FileId] = stored = new MemoryStream();
        }

        if (chunk.Offset > stored.Length)
        {
            return (false, stored.Length);
        }

        var skip = (int)(stored.Length - chunk.Offset);
        if (skip < chunk.Data.Length)
        {
            stored.Write(chunk.Data.Span[skip..]);
        }

        return (true, stored.Length);
    }
}

internal static class TailFiles
{
    public static SourceSpec Spec(string path) => new(LogKind.RedisRun, path, "node-1");

    public static void Append(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The truncate of logrotate's copytruncate.</summary>
    public static void Truncate(string path)
    {
        using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        truncate.SetLength(0);
    }

    public static void Compress(string path)
    {
        using (var source = System.IO.File.OpenRead(path))
        using (var target = System.IO.File.Create(path + ".gz"))
        using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
        {
            source.CopyTo(gzip);
        }

        System.IO.File.Delete(path);
    }

    /// <summary>Reads until nothing is new, acknowledging every chunk; returns the chunks read.</summary>
    public static List<FileChunk> Drain(SourceTailer tailer, ManualClock clock, FakeSink sink, int maxBytes = 4096)
    {
        var chunks = new List<FileChunk>();
        while (true)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            if (tailer.ReadNext(maxBytes) is not { } chunk)
            {
                return chunks;
            }

            chunks.Add(chunk);
            var (accepted, stored) = sink.Send(chunk);
            if (accepted)
            {
                tailer.Acknowledge(chunk.FileId, stored);
            }
            else
            {
                tailer.Rewind(chunk.FileId, stored);
            }
        }
    }

    public static string Text(FileChunk chunk) => Encoding.UTF8.GetString(chunk.Data.Span);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
