using DbLogs.Storage.Blobs;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Storage.Blobs;

/// <summary>The conformance suite on a bucket of the test run's Ceph RADOS Gateway, one bucket per test.</summary>
public sealed class S3BlobStoreTests : BlobStoreConformance, IDisposable
{
    private readonly List<S3BlobStore> _stores = [];

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        var gateway = await CephGateway.Shared;
        var store = new S3BlobStore(gateway.Client(), await gateway.CreateBucketAsync(), PartBytes, PageSize);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task LargeContentThatCannotSeek_GoesUpInParts_AndAFileInOnePut()
    {
        var gateway = await CephGateway.Shared;
        var bucket = await gateway.CreateBucketAsync();
        using var store = new S3BlobStore(gateway.Client(), bucket, PartBytes, PageSize);
        var data = Bytes((2 * PartBytes) + 1, seed: 5);
        var path = Path.Combine(Path.GetTempPath(), $"dblogs-blob-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, data);
        try
        {
            Assert.True(await store.CreateAsync("streamed", new ForwardOnlyStream(data)));
            await using (var file = File.OpenRead(path))
            {
                Assert.True(await store.CreateAsync("file", file));
            }
        }
        finally
        {
            File.Delete(path);
        }

        // A multipart object's ETag ends with its part count.
        using var client = gateway.Client();
        Assert.EndsWith("-3\"", (await client.GetObjectMetadataAsync(bucket, "streamed")).ETag, StringComparison.Ordinal);
        Assert.DoesNotContain("-", (await client.GetObjectMetadataAsync(bucket, "file")).ETag, StringComparison.Ordinal);
        Assert.Equal(data, await ReadAsync(store, "streamed"));
        Assert.Equal(data, await ReadAsync(store, "file"));
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }
}
