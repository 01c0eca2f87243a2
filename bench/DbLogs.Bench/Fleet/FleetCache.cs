using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DbLogs.Bench.Fleet;

/// <summary>
/// Seeded stores kept between runs under ~/.cache/dblogs-bench (or $DBLOGS_BENCH_CACHE), one file per store, scale and
/// schema: a schema change (a new migration step, a new trigger) makes a new key; until a seed is cached under it, the
/// newest one of an earlier schema is restored and migrated by the service (DBLOGS_BENCH_RESEED=1 seeds afresh, and a new
/// seed deletes the older files of that store and scale). DBLOGS_BENCH_NO_SAVE=1 restores what is cached but keeps no new
/// seed, for a store too big to have twice on the disk.
/// </summary>
internal static class FleetCache
{
    /// <summary>Bumped when <see cref="FleetRows"/> changes what it writes.</summary>
    private const int RowsVersion = 1;

    public static string Directory => Environment.GetEnvironmentVariable("DBLOGS_BENCH_CACHE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dblogs-bench");

    public static string PathFor(string store, FleetShape shape, string schema, string extension) => PathFor(Stem(store, shape), schema, extension);

    /// <summary>The name of a store's fleet seed at the shape's scale.</summary>
    public static string Stem(string store, FleetShape shape) =>
        string.Create(CultureInfo.InvariantCulture, $"fleet-{store}-{shape.Scale:0.###}-v{RowsVersion}");

    /// <summary>The cached file of a seed named <paramref name="stem"/> (which holds what it was seeded with) under the schema.</summary>
    public static string PathFor(string stem, string schema, string extension)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..12];
        return Path.Combine(Directory, $"{stem}-{hash}.{extension}");
    }

    /// <summary>Runs <paramref name="seed"/> unless <paramref name="cached"/> exists, then <paramref name="save"/>s it; says which happened.</summary>
    public static string SeedOrRestore(string cached, Action seed, Action<string> save, Action<string> restore)
    {
        var watch = Stopwatch.StartNew();
        if (File.Exists(cached) || System.IO.Directory.Exists(cached))
        {
            restore(cached);
            WriteBack();
            return $"restored from cache in {watch.Elapsed.TotalSeconds:0} s ({cached})";
        }

        // A seed cached under an earlier schema is what an upgraded installation holds: restored, the service migrates it at
        // start. Reseeding a fleet-sized store takes up to an hour, so only a rows version change (another stem) forces it.
        var prefix = Path.GetFileName(cached)[..Path.GetFileName(cached).LastIndexOf('-')];
        if (Environment.GetEnvironmentVariable("DBLOGS_BENCH_RESEED") != "1" && System.IO.Directory.Exists(Directory)
            && System.IO.Directory.EnumerateFileSystemEntries(Directory, prefix + "-*").Where(e => !e.EndsWith(".tmp", StringComparison.Ordinal))
                .OrderByDescending(e => System.IO.File.GetLastWriteTimeUtc(e)).FirstOrDefault() is { } earlier)
        {
            restore(earlier);
            WriteBack();
            return $"restored from the cache of an earlier schema in {watch.Elapsed.TotalSeconds:0} s ({earlier}), migrated by the service at start";
        }

        seed();
        var seeded = watch.Elapsed;
        if (Environment.GetEnvironmentVariable("DBLOGS_BENCH_NO_SAVE") == "1")
        {
            return $"seeded in {seeded.TotalSeconds:0} s, not cached (DBLOGS_BENCH_NO_SAVE=1)";
        }

        System.IO.Directory.CreateDirectory(Directory);
        foreach (var stale in System.IO.Directory.EnumerateFileSystemEntries(Directory, prefix + "-*"))
        {
            Delete(stale);
        }

        var temporary = cached + ".tmp";
        save(temporary);
        if (System.IO.Directory.Exists(temporary))
        {
            System.IO.Directory.Move(temporary, cached);
        }
        else
        {
            File.Move(temporary, cached);
        }
        return $"seeded in {seeded.TotalSeconds:0} s, cached in {(watch.Elapsed - seeded).TotalSeconds:0} s more";
    }

    /// <summary>
    /// Writes a restore's gigabytes out to the disk before it is measured: otherwise the first rows measured share the disk
    /// and a core with the copy's write-back.
    /// </summary>
    private static void WriteBack()
    {
        using var sync = Process.Start("/bin/sync") ?? throw new InvalidOperationException("sync did not start");
        sync.WaitForExit();
    }

    private static void Delete(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
