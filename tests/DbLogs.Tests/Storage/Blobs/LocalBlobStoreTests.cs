using DbLogs.Core.Files;
using DbLogs.Storage.Blobs;

namespace DbLogs.Tests.Storage.Blobs;

/// <summary>The conformance suite on a directory, and what only the directory store promises.</summary>
public sealed class LocalBlobStoreTests : BlobStoreConformance, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dblogs-blobs-").FullName;

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new LocalBlobStore(Path.Combine(_root, Guid.NewGuid().ToString("N"), "blobs")));

    [Fact]
    public async Task Objects_AreOwnerOnlyFiles_AndATemporaryLeftByACrash_IsNeverListed()
    {
        var store = new LocalBlobStore(Path.Combine(_root, "perm"));
        Assert.True(await store.CreateAsync("a/b", new MemoryStream(Bytes(10, seed: 1))));
        await File.WriteAllBytesAsync(Path.Combine(store.Root, "a", ".b.0123.tmp"), [1, 2, 3]);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(Path.Combine(store.Root, "a", "b")));
            Assert.Equal(OwnerOnly.DirectoryPermissions, File.GetUnixFileMode(Path.Combine(store.Root, "a")));
        }

        Assert.Equal(["a/b"], (await ListAsync(store, string.Empty)).Select(entry => entry.Key));
    }

    public void Dispose() => ServerTools.DeleteDirectory(_root);
}
