using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Storage.Blobs;

public static class BlobStorage
{
    /// <summary>The <see cref="IBlobStore"/>: the object store <paramref name="s3"/> names, or when it names none (null) the directory
    /// <paramref name="localRoot"/>.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, Func<IServiceProvider, S3BlobOptions?> s3,
        Func<IServiceProvider, string> localRoot) =>
        services.AddSingleton<IBlobStore>(sp => s3(sp) is { } options
            ? new S3BlobStore(options.CreateClient(), options.Bucket!)
            : new LocalBlobStore(localRoot(sp)));
}
