using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace DbLogs.Storage.Blobs;

/// <summary>
/// Blobs as objects of one bucket of an S3-compatible store (AWS S3, Ceph RADOS Gateway, MinIO). Creates are conditional
/// (<c>If-None-Match: *</c>, answered 412 when the key exists): content that can seek (a file) goes up in one PUT streamed from
/// it (up to S3's 5 GiB), other content in one PUT when it ends within <paramref name="partBytes"/>, else as a multipart
/// upload, so a write holds at most one part in memory. Reads are ranged GETs streamed as they arrive; listings fetch
/// <paramref name="pageSize"/> keys per request.
/// </summary>
public sealed partial class S3BlobStore(IAmazonS3 client, string bucket, int partBytes = S3BlobStore.DefaultPartBytes,
    int pageSize = S3BlobStore.DefaultPageSize) : IBlobStore, IDisposable
{
    // 8 MiB: S3's smallest part but the last is 5 MiB; larger parts cost memory per concurrent write.
    public const int DefaultPartBytes = 8 << 20;
    public const int DefaultPageSize = 1000;
    public const long MaxSinglePutBytes = 5L << 30;

    public async Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        BlobKey.Check(key);
        if (length == 0)
        {
            return await EmptyReadAsync(key, offset, ct);
        }

        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        if (offset > 0 || length is not null)
        {
            request.ByteRange = length is { } wanted ? new ByteRange(offset, offset + wanted - 1) : new ByteRange($"bytes={offset}-");
        }

        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(request, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The offset is at or past the end (an empty object has no satisfiable range at all).
            return await EmptyReadAsync(key, offset, ct);
        }

        return new BlobReadStream(response.ResponseStream, response.ContentLength, response);
    }

    public async Task<long?> LengthAsync(string key, CancellationToken ct = default)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, BlobKey.Check(key), ct);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = BlobKey.CheckPrefix(prefix), MaxKeys = pageSize };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, ct);
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return new BlobEntry(entry.Key, entry.Size ?? 0);
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default) =>
        client.DeleteObjectAsync(bucket, BlobKey.Check(key), ct);

    public void Dispose() => client.Dispose();

    /// <summary>A read of no bytes at <paramref name="offset"/>: null when the object is missing, an error when the offset is past its end.</summary>
    private async Task<Stream?> EmptyReadAsync(string key, long offset, CancellationToken ct)
    {
        var size = await LengthAsync(key, ct);
        if (size is null)
        {
            return null;
        }

        return offset <= size
            ? new MemoryStream([], writable: false)
            : throw new ArgumentOutOfRangeException(nameof(offset), $"Blob {key} has {size} bytes; offset {offset} is past its end.");
    }
}
