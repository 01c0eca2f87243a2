using DbLogs.Storage.Blobs;
using DbLogs.Storage.Segments;

namespace DbLogs.Storage.Files;

/// <summary>
/// Collected files as manifests in the blob store, <c>files/{area}/{id}.ranges</c>, over streams kept there too: every service
/// node serves the same bytes for a file, whichever node cut it.
/// </summary>
public sealed class BlobCollectedFiles(IBlobStore blobs, IStreamStore streams) : ICollectedFiles
{
    // A manifest is a few lines; anything much larger is not one.
    private const int MaxManifestBytes = 1 << 20;

    public async Task<long> WriteRangesAsync(string area, string id, RangesManifest manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = KeyOf(area, id);
        var bytes = manifest.Encode();
        // Objects are written once: a file cut again (a job run again, a cut redone after a crash before its commit) replaces
        // the manifest only when it differs, and no reader has it yet (its row is committed after this returns).
        for (var attempt = 0; !await blobs.CreateAsync(key, new MemoryStream(bytes, writable: false), ct); attempt++)
        {
            if (await ReadAsync(key, ct) is { } existing && existing.AsSpan().SequenceEqual(bytes))
            {
                break;
            }

            if (attempt == 2)
            {
                throw new IOException($"The manifest {key} could not be replaced.");
            }

            await blobs.DeleteAsync(key, ct);
        }

        return manifest.Length;
    }

    public async Task<Stream?> OpenReadAsync(string area, string id, CancellationToken ct = default)
    {
        var key = KeyOf(area, id);
        if (await ReadAsync(key, ct) is not { } bytes)
        {
            return null;
        }

        return new RangesReadStream(streams, RangesManifest.Decode(bytes, key));
    }

    public async Task<bool> ExistsAsync(string area, string id, CancellationToken ct = default) =>
        await blobs.LengthAsync(KeyOf(area, id), ct) is not null;

    public async Task<bool> DeleteAsync(string area, string id, CancellationToken ct = default)
    {
        var key = KeyOf(area, id);
        var existed = await blobs.LengthAsync(key, ct) is not null;
        await blobs.DeleteAsync(key, ct);
        return existed;
    }

    private static string KeyOf(string area, string id) =>
        CollectedFileNames.IsSafe(area) && CollectedFileNames.IsSafe(id)
            ? $"files/{area}/{id}{CollectedFileNames.ManifestSuffix}"
            : throw new ArgumentException($"Unsafe collected file name: {area}/{id}.");

    private async Task<byte[]?> ReadAsync(string key, CancellationToken ct)
    {
        await using var stream = await blobs.OpenReadAsync(key, 0, MaxManifestBytes, ct);
        if (stream is null)
        {
            return null;
        }

        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes, ct);
        return bytes.ToArray();
    }
}
