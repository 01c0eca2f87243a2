using DbLogs.Core.Files;
using DbLogs.Storage.Segments;

namespace DbLogs.Storage.Files;

/// <summary>
/// Files cut from the source streams for download (Redis day files, audit files), <c>{root}/{area}/{id}</c>: either
/// the bytes themselves (as the previous version wrote every file) or, as cutters write them now, a
/// <see cref="RangesManifest"/> <c>{id}.ranges</c> naming those bytes in a stream. A file is replaced through
/// <see cref="DurableFile"/>, so a reader sees all of it or nothing, even after a crash.
/// </summary>
public sealed class CollectedFileStore(string root, IStreamStore? streams = null) : ICollectedFiles
{
    private const string ManifestSuffix = CollectedFileNames.ManifestSuffix;

    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string area, string id)
    {
        if (!CollectedFileNames.IsSafe(area) || !CollectedFileNames.IsSafe(id))
        {
            throw new ArgumentException($"Unsafe collected file name: {area}/{id}.");
        }

        return Path.Combine(Root, area, id);
    }

    public bool Exists(string area, string id)
    {
        var path = PathOf(area, id);
        return File.Exists(path + ManifestSuffix) || File.Exists(path);
    }

    /// <summary>Writes (or replaces) a file with what <paramref name="write"/> produces; returns its length.</summary>
    public async Task<long> WriteAsync(string area, string id, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        var path = PathOf(area, id);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        var length = await DurableFile.ReplaceAsync(path, write, ct);
        File.Delete(path + ManifestSuffix);
        return length;
    }

    /// <summary>Writes (or replaces) a file as the stream ranges it consists of; returns its length (the ranges' total).</summary>
    public async Task<long> WriteRangesAsync(string area, string id, RangesManifest manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var path = PathOf(area, id);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = manifest.Encode();
        await DurableFile.ReplaceAsync(path + ManifestSuffix, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), ct);
        File.Delete(path); // a copy an earlier run (or version) wrote under the same id
        return manifest.Length;
    }

    /// <summary>The file's bytes as a seekable stream of known length; null when it does not exist.</summary>
    public Stream? OpenRead(string area, string id)
    {
        var path = PathOf(area, id);
        try
        {
            var manifest = RangesManifest.Read(path + ManifestSuffix);
            var store = streams ?? throw new InvalidOperationException("This collected file store reads no streams.");
            return new RangesReadStream(store, manifest);
        }
        catch (FileNotFoundException)
        {
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1 << 16, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes the file; true when it existed.</summary>
    public bool Delete(string area, string id)
    {
        var path = PathOf(area, id);
        var existed = false;
        foreach (var candidate in (string[])[path + ManifestSuffix, path])
        {
            if (File.Exists(candidate))
            {
                File.Delete(candidate);
                existed = true;
            }
        }

        return existed;
    }

    public Task<Stream?> OpenReadAsync(string area, string id, CancellationToken ct = default) => Task.FromResult(OpenRead(area, id));

    public Task<bool> ExistsAsync(string area, string id, CancellationToken ct = default) => Task.FromResult(Exists(area, id));

    public Task<bool> DeleteAsync(string area, string id, CancellationToken ct = default) => Task.FromResult(Delete(area, id));
}
