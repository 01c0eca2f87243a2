using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using DbLogs.Tests.RealServers;
using Xunit.Abstractions;

namespace DbLogs.Tests.Storage.Blobs;

/// <summary>The tests' throwaway RADOS Gateway answers S3 the way the blob store relies on.</summary>
public sealed class CephGatewayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Gateway_StoresAnObject_AndRefusesACreateOnlyPutOverIt()
    {
        var gateway = await CephGateway.Shared;
        output.WriteLine($"Ceph started in {gateway.StartTime.TotalSeconds:0.0} s (mon, OSD, radosgw, S3 user)");
        var bucket = await gateway.CreateBucketAsync();
        using var client = gateway.Client();

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b", ContentBody = "first", IfNoneMatch = "*" });
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b", ContentBody = "second", IfNoneMatch = "*" }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        using var got = await client.GetObjectAsync(bucket, "a/b");
        using var reader = new StreamReader(got.ResponseStream, Encoding.UTF8);
        Assert.Equal("first", await reader.ReadToEndAsync());
    }
}
