using System.Collections.Concurrent;
using System.Security.Cryptography;
using DbLogs.Core.Files;
using DbLogs.Processing.Streams;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Files;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Server.Downloads;

/// <summary>
/// Raw copies of collected files that are downloaded again, in <c>{data}/cache/downloads</c>. A file kept compressed costs
/// every request the decompression of each frame it touches; a copy is read as a web server reads its files, which is what a
/// downloader fetching a file in ranges, or many clients fetching one file, want.
/// <list type="bullet">
/// <item>A file's second request within <see cref="SweepInterval"/> starts its copy on a low-priority thread; until the copy is
/// whole, requests read the compressed bytes.</item>
/// <item>A copy is named by its file's manifest, which names committed stream bytes that never change: a replaced file has another
/// manifest and never meets an old copy, and every request reads the manifest from the store first, so a deleted file is never served.</item>
/// <item>Copies stay under <see cref="DownloadCacheOptions.MaxBytes"/> (the least recently read go first) and leave a tenth of the
/// file system, and at least 1 GiB, free for ingest; one unread for <see cref="DownloadCacheOptions.IdleTime"/> goes; none
/// outlives the process (the directory is emptied at start).</item>
/// </list>
/// </summary>
public sealed class DownloadCache : IHostedService, IDisposable
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private const long MinFreeBytes = 1L << 30;
    private const int MaxCounted = 10_000;

    private readonly DownloadCacheOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DownloadCache> _log;
    private readonly ConcurrentDictionary<string, Copy> _copies = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly ConcurrentDictionary<string, Lazy<Task>> _making = new();
    private readonly LowPriorityWorker _worker = new("download cache");
    private readonly Lock _space = new();
    private ITimer? _sweep;
    private long _bytes; // the copies kept and those being made

    public DownloadCache(DbLogsOptions options, DataDirectory data, TimeProvider clock, ILogger<DownloadCache> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        _options = options.DownloadCache;
        _clock = clock;
        _log = log;
        Root = Path.Combine(data.Root, "cache", "downloads");
    }

    /// <summary>Empties the directory of an earlier run's copies (maybe half written) and starts the sweep.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        OwnerOnly.CreateDirectory(Root);
        _sweep = _clock.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _sweep?.Dispose();
        return Task.CompletedTask;
    }

    public string Root { get; }

    /// <summary>The bytes of the copies kept and being made.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// The raw copy of <paramref name="content"/>'s bytes when there is one (and <paramref name="content"/> is disposed), else
    /// <paramref name="content"/> itself; asked for again, a copy is begun from a stream <paramref name="reopen"/> gives.
    /// </summary>
    public Stream Serve(Stream content, Func<CancellationToken, Task<Stream?>> reopen)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!_options.Enabled || content is not IRangesBacked { Manifest: var manifest })
        {
            return content; // a copy already (a file of the previous format)
        }

        var name = NameOf(manifest);
        if (_copies.TryGetValue(name, out var copy) && copy.Open(Now) is { } raw)
        {
            content.Dispose();
            return raw;
        }

        if (_requests.Count > MaxCounted)
        {
            _requests.Clear();
        }

        if (_requests.AddOrUpdate(name, 1, (_, n) => n + 1) >= 2 && !_copies.ContainsKey(name))
        {
            // GetOrAdd may run its factory twice under a race; a Lazy added once starts one copy, never two into the same file.
            var making = new Lazy<Task>(() => MakeAsync(name, content.Length, reopen));
            if (_making.TryAdd(name, making))
            {
                _ = making.Value;
            }
        }

        return content;
    }

    /// <summary>Completes when every copy begun so far is made or given up.</summary>
    public Task WhenMadeAsync() => Task.WhenAll(_making.Values.Select(m => m.Value));

    private async Task MakeAsync(string name, long length, Func<CancellationToken, Task<Stream?>> reopen)
    {
        await Task.Yield(); // the request that began it goes on at once
        var path = Path.Combine(Root, name);
        var temporary = path + ".tmp";
        var reserved = false;
        try
        {
            if (!(reserved = Reserve(length)))
            {
                return;
            }

            await using var source = await reopen(CancellationToken.None);
            if (source is not IRangesBacked { Manifest: var manifest } || NameOf(manifest) != name || source.Length != length)
            {
                return; // replaced or deleted meanwhile
            }

            await _worker.RunAsync(() => Write(source, temporary, length));
            File.Move(temporary, path, overwrite: true);
            _copies[name] = new Copy(path, length, Now);
            reserved = false;
        }
        catch (Exception e)
        {
            _log.LogWarning("A download copy of {Length} bytes was not made: {Error}", length, e.Message);
            File.Delete(temporary);
        }
        finally
        {
            if (reserved)
            {
                Interlocked.Add(ref _bytes, -length);
            }

            _making.TryRemove(name, out _);
        }
    }

    private static bool Write(Stream source, string path, long length)
    {
        using (var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            source.CopyTo(target, 1 << 20);
            if (target.Length != length)
            {
                throw new IOException($"The file gave {target.Length} bytes where its manifest names {length}.");
            }
        }

        return true;
    }

    /// <summary>Counts <paramref name="length"/> in, making room by dropping the least recently read copies; false when it cannot fit.</summary>
    private bool Reserve(long length)
    {
        lock (_space)
        {
            if (length > _options.MaxBytes || !FileSystemHasRoom(length))
            {
                return false;
            }

            while (_bytes + length > _options.MaxBytes)
            {
                var oldest = _copies.OrderBy(c => c.Value.LastRead).Select(c => c.Key).FirstOrDefault();
                if (oldest is null)
                {
                    return false; // the rest is copies being made
                }

                Drop(oldest);
            }

            _bytes += length;
            return true;
        }
    }

    private bool FileSystemHasRoom(long length)
    {
        var drive = new DriveInfo(Root);
        return drive.AvailableFreeSpace - length >= Math.Max(MinFreeBytes, drive.TotalSize / 10);
    }

    /// <summary>Drops the copies unread for <see cref="DownloadCacheOptions.IdleTime"/> and forgets the requests counted; runs every <see cref="SweepInterval"/>.</summary>
    public void Sweep()
    {
        _requests.Clear();
        var now = Now;
        foreach (var (name, copy) in _copies)
        {
            if (now - copy.LastRead >= _options.IdleTime.Ticks)
            {
                lock (_space)
                {
                    Drop(name);
                }
            }
        }
    }

    private void Drop(string name)
    {
        if (_copies.TryRemove(name, out var copy))
        {
            File.Delete(copy.Path); // a request reading it keeps its open handle
            Interlocked.Add(ref _bytes, -copy.Length);
        }
    }

    private long Now => _clock.GetUtcNow().UtcTicks;

    private static string NameOf(RangesManifest manifest) => Convert.ToHexStringLower(SHA256.HashData(manifest.Encode()));

    public void Dispose()
    {
        _sweep?.Dispose();
        _worker.Dispose();
    }

    private sealed class Copy(string path, long length, long lastRead)
    {
        private long _lastRead = lastRead;

        public string Path { get; } = path;
        public long Length { get; } = length;
        public long LastRead => Interlocked.Read(ref _lastRead);

        /// <summary>The copy to read, or null when it was dropped meanwhile.</summary>
        public CopyReadStream? Open(long now)
        {
            try
            {
                var stream = new CopyReadStream(File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete));
                Interlocked.Exchange(ref _lastRead, now);
                return stream;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }
    }
}
