using DbLogs.Core.Files;

namespace DbLogs.Storage.Files;

/// <summary>
/// Files cut from the source streams for download (Redis day files, audit files): <c>{root}/{area}/{id}</c>.
/// A file is replaced through <see cref="DurableFile"/>, so a reader sees all of it or nothing, even after a crash.
/// </summary>
public sealed class CollectedFileStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string area, string id)
    {
        if (!IsSafeName(area) || !IsSafeName(id))
        {
            throw new ArgumentException($"Unsafe collected file name: {area}/{id}.");
        }

        return Path.Combine(Root, area, id);
    }

    public bool Exists(string area, string id) => File.Exists(PathOf(area, id));

    /// <summary>Writes (or replaces) a file with what <paramref name="write"/> produces; returns its length.</summary>
    public async Task<long> WriteAsync(string area, string id, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        var path = PathOf(area, id);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        return await DurableFile.ReplaceAsync(path, write, ct);
    }

    /// <summary>Removes the file; true when it existed.</summary>
    public bool Delete(string area, string id)
    {
        var path = PathOf(area, id);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 128 && name != "." && name != ".." && !name.EndsWith(".tmp", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
