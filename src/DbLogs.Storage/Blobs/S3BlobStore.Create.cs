using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace DbLogs.Storage.Blobs;

public sealed partial class S3BlobStore
{
    public async Task<bool> CreateAsync(string key, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobKey.Check(key);
        if (content.CanSeek && content.Length - content.Position <= MaxSinglePutBytes)
        {
            return await PutAsync(key, content, ct);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(partBytes);
        try
        {
            var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, partBytes), partBytes, throwOnEndOfStream: false, ct);
            if (read < partBytes)
            {
                return await PutAsync(key, new MemoryStream(buffer, 0, read, writable: false), ct);
            }

            return await LengthAsync(key, ct) is null && await PutMultipartAsync(key, content, buffer, read, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One conditional PUT streaming <paramref name="content"/> from its position to its end: atomic, of two at once one wins.</summary>
    private async Task<bool> PutAsync(string key, Stream content, CancellationToken ct)
    {
        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, AutoCloseStream = false, IfNoneMatch = "*" };
        try
        {
            await client.PutObjectAsync(request, ct);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// Uploads content that cannot seek in parts of the store's part size, the first already in <paramref name="buffer"/>. The
    /// key was free just before; the completion is conditional too, but Ceph 16 ignores that condition (checked), so there
    /// two writers of one key at once can both succeed, the last one's object staying.
    /// </summary>
    private async Task<bool> PutMultipartAsync(string key, Stream content, byte[] buffer, int read, CancellationToken ct)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, ct);
        try
        {
            var parts = new List<PartETag>();
            while (read > 0)
            {
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, read, writable: false),
                    PartSize = read,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                read = await content.ReadAtLeastAsync(buffer.AsMemory(0, partBytes), partBytes, throwOnEndOfStream: false, ct);
            }

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
                IfNoneMatch = "*",
            }, ct);
            return true;
        }
        catch (Exception ex)
        {
            await AbortQuietlyAsync(key, upload.UploadId);
            if (ex is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed })
            {
                return false;
            }

            throw;
        }
    }

    // An upload left behind holds its parts' space until the bucket's lifecycle rules (if any) abort it.
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId });
        }
        catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException or IOException)
        {
            // the upload's failure is what the caller needs to see
        }
    }
}
