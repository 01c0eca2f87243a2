using System.Runtime.CompilerServices;
using DbLogs.Core.Files;

namespace DbLogs.Storage.Blobs;

/// <summary>
/// Blobs as owner-only files under <paramref name="root"/> (created on the first write), a key's segments its directories.
/// A create writes a hidden temporary file beside the object, syncs it, links it into place only if the name is free
/// (atomic: of two creates one wins) and syncs the directory. Temporaries a crash leaves are hidden from listings. Unlike a
/// bucket, a directory cannot hold both <c>a</c> and <c>a/b</c>: the second create of such a pair fails.
/// </summary>
public sealed class LocalBlobStore(string root) : IBlobStore
{
    private const int CopyBufferBytes = 1 << 16;
    private static readonly Lock MoveLock = new();

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<bool> CreateAsync(string key, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp,
                OwnerOnly.WriteOptions(FileMode.CreateNew, bufferSize: CopyBufferBytes, options: FileOptions.Asynchronous)))
            {
                await content.CopyToAsync(stream, CopyBufferBytes, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            // File.Move without overwrite is a check then a rename, not atomic: two creates at once could both win (seen in
            // a loaded test run). Moves are quick, so one at a time in this process; the data directory has one service.
            lock (MoveLock)
            {
                if (File.Exists(path))
                {
                    throw new IOException($"blob {key} exists");
                }

                File.Move(temp, path, overwrite: false);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        DurableFile.SyncDirectory(directory);
        return true;
    }

    public Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        FileStream file;
        try
        {
            file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferBytes,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException ||
            (ex is UnauthorizedAccessException && Directory.Exists(PathOf(key))))
        {
            return Task.FromResult<Stream?>(null);
        }

        var size = file.Length;
        if (offset > size)
        {
            file.Dispose();
            throw new ArgumentOutOfRangeException(nameof(offset), $"Blob {key} has {size} bytes; offset {offset} is past its end.");
        }

        file.Position = offset;
        var window = Math.Min(length ?? long.MaxValue, size - offset);
        return Task.FromResult<Stream?>(new BlobReadStream(file, window));
    }

    public Task<long?> LengthAsync(string key, CancellationToken ct = default)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        BlobKey.CheckPrefix(prefix);
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? Root : Path.Combine(Root, prefix[..slash]);
        var entries = new List<BlobEntry>();
        if (Directory.Exists(directory))
        {
            Collect(new DirectoryInfo(directory), slash < 0 ? string.Empty : prefix[..(slash + 1)], prefix[(slash + 1)..], entries);
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
            DurableFile.SyncDirectory(Path.GetDirectoryName(path)!);
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds the objects under <paramref name="directory"/> (keys starting <paramref name="keyPrefix"/>) whose names there
    /// start with <paramref name="namePrefix"/>, skipping hidden entries.</summary>
    private static void Collect(DirectoryInfo directory, string keyPrefix, string namePrefix, List<BlobEntry> entries)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.') || !entry.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (entry is DirectoryInfo child)
            {
                Collect(child, keyPrefix + child.Name + "/", string.Empty, entries);
            }
            else
            {
                entries.Add(new BlobEntry(keyPrefix + entry.Name, ((FileInfo)entry).Length));
            }
        }
    }

    private string PathOf(string key) => Path.Combine(Root, BlobKey.Check(key));

    /// <summary>Creates the directory and its missing parents owner-only, syncing each parent that gained an entry.</summary>
    private void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(directory)!;
        if (directory != Root)
        {
            EnsureDirectory(parent);
        }

        OwnerOnly.CreateDirectory(directory);
        DurableFile.SyncDirectory(parent);
    }
}
