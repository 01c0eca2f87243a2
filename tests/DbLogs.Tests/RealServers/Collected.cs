using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// A <see cref="TestApp"/> started with a bootstrap file, so its embedded collector tails the files the bootstrap
/// names. Dispose stops the host first (<see cref="HostShutdown.StopAndDisposeAsync"/>).
/// </summary>
public sealed class CollectingService : IAsyncDisposable
{
    private CollectingService(TestApp app) => App = app;

    public TestApp App { get; }

    public static async Task<CollectingService> StartAsync(string bootstrapPath, ServiceStore? store = null) =>
        new(await TestApp.StartAsync(["--bootstrap", bootstrapPath, .. (store ?? ServiceStore.Sqlite).Args], now: DateTimeOffset.UtcNow));

    public async ValueTask DisposeAsync() => await App.StopAndDisposeAsync();
}

/// <summary>Reads what the embedded collector stored for a source and compares it with the files on disk.</summary>
public static class Collected
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Writes a bootstrap file with one project holding <paramref name="instance"/> (an object serialized as JSON).</summary>
    public static string WriteBootstrap(string directory, object instance)
    {
        var path = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            projects = new[] { new { id = Guid.NewGuid().ToString("N"), name = "real-servers", instances = new[] { instance } } },
        }));
        return path;
    }

    public static async Task<SourceRecord?> SourceAsync(TestApp app, LogKind kind) =>
        (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(null)).SingleOrDefault(s => s.Kind == kind);

    /// <summary>The source's whole stored stream (empty while nothing is stored).</summary>
    public static async Task<byte[]> StoredAsync(TestApp app, LogKind kind)
    {
        if (await SourceAsync(app, kind) is not { } source)
        {
            return [];
        }

        return await ReadAsync(app.Services.GetRequiredService<SegmentStore>(), source);
    }

    /// <summary>The source's whole stored stream as <paramref name="segments"/> hold it.</summary>
    public static async Task<byte[]> ReadAsync(SegmentStore segments, SourceRecord source)
    {
        await using var stream = segments.OpenRead(source.Id, 0, source.Length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The source's whole stored stream as <paramref name="streams"/> (a blob store every node reads, say) hold it.</summary>
    public static async Task<byte[]> ReadAsync(IStreamStore streams, SourceRecord source)
    {
        await using var stream = await streams.OpenReadAsync(source.Id, 0, source.Length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The files' bytes one after the other, read now.</summary>
    public static byte[] Concatenate(IEnumerable<string> files)
    {
        using var all = new MemoryStream();
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.CopyTo(all);
        }

        return all.ToArray();
    }

    /// <summary>
    /// Polls until the stored stream equals <paramref name="expected"/> (read again on every poll: the server may
    /// still write) and asserts it byte for byte; returns the stored bytes.
    /// </summary>
    public static async Task<byte[]> AssertEventuallyEqualAsync(TestApp app, LogKind kind, Func<byte[]> expected)
    {
        var started = Stopwatch.StartNew();
        byte[] want;
        byte[] stored;
        while (true)
        {
            want = expected();
            stored = await StoredAsync(app, kind);
            if (want.AsSpan().SequenceEqual(stored) || started.Elapsed > Timeout)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(want.Length > 0, $"{kind.Name()}: the server wrote nothing");
        Assert.Equal(Encoding.UTF8.GetString(want), Encoding.UTF8.GetString(stored));
        Assert.True(want.AsSpan().SequenceEqual(stored), $"{kind.Name()}: the stored bytes differ from the files'");
        return stored;
    }

    /// <summary>Asserts the collector reported no lost bytes for the source.</summary>
    public static async Task AssertNoGapsAsync(TestApp app, LogKind kind)
    {
        var source = await SourceAsync(app, kind);
        Assert.NotNull(source);
        var gaps = await app.Services.GetRequiredService<ISourceStore>().ListGapsAsync(source.Id);
        Assert.True(gaps.Count == 0, $"{kind.Name()}: gaps reported: {string.Join("; ", gaps)}");
    }

    public static async Task<IReadOnlyList<SourceFileRecord>> FilesAsync(TestApp app, LogKind kind)
    {
        var source = await SourceAsync(app, kind);
        Assert.NotNull(source);
        return await app.Services.GetRequiredService<ISourceStore>().ListFilesAsync(source.Id);
    }
}
