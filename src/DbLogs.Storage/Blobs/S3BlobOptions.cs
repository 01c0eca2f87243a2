using Amazon.Runtime;
using Amazon.S3;

namespace DbLogs.Storage.Blobs;

/// <summary>
/// Where an S3-compatible object store keeps the blobs: configuration section <c>Blobs:S3</c> (<c>--Blobs:S3:ServiceUrl</c>,
/// env <c>DBLOGS_BLOBS__S3__SERVICEURL</c>, …). <see cref="ToString"/> never shows the keys.
/// </summary>
public sealed class S3BlobOptions
{
    public const string Section = "Blobs:S3";

    /// <summary>Region signatures name when none is configured (Ceph and MinIO accept any).</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>The store's endpoint, e.g. <c>http://127.0.0.1:7480</c>; buckets are addressed by path.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    /// <summary>The secret key, or <c>env:NAME</c> to read it from an environment variable.</summary>
    public string? SecretKey { get; set; }

    public string? Region { get; set; }

    /// <summary>A client of this store: path-style addressing, and checksums only where an operation requires them (Ceph 16
    /// answers the v4 SDK's default extra checksums with <c>400 XAmzContentSHA256Mismatch</c>).</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = string.IsNullOrEmpty(Region) ? DefaultRegion : Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public override string ToString() => $"bucket {Bucket} at {ServiceUrl}";
}
