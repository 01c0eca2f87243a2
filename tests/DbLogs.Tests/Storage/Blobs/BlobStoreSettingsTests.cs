using DbLogs.Server.Hosting;
using DbLogs.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage.Blobs;

/// <summary>How the service picks its blob store from <c>Blobs:S3</c> settings.</summary>
public sealed class BlobStoreSettingsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Blobs:S3:ServiceUrl"] = "http://127.0.0.1:7480",
        ["Blobs:S3:Bucket"] = "logs",
        ["Blobs:S3:AccessKey"] = "ak",
        ["Blobs:S3:SecretKey"] = "env:DBLOGS_TEST_S3_SECRET",
    };

    [Fact]
    public void WithoutTheSection_TheDataDirectoryHoldsTheBlobs()
    {
        var configuration = Configuration(new Dictionary<string, string?> { ["Data"] = "/tmp/x" });

        Assert.Null(BlobStoreSettings.Resolve(configuration, _ => null));
        Assert.IsType<LocalBlobStore>(Resolved(configuration));
    }

    [Fact]
    public void WithTheSection_TheObjectStoreHoldsThem_AndAnEnvSecretIsReadFromTheEnvironment()
    {
        var options = BlobStoreSettings.Resolve(Configuration(Complete), name => name == "DBLOGS_TEST_S3_SECRET" ? "s3cr3t" : null);

        Assert.NotNull(options);
        Assert.Equal(("http://127.0.0.1:7480", "logs", "ak", "s3cr3t"), (options.ServiceUrl, options.Bucket, options.AccessKey, options.SecretKey));
        Assert.DoesNotContain("s3cr3t", options.ToString(), StringComparison.Ordinal);
        Assert.IsType<S3BlobStore>(Resolved(Configuration(Complete), _ => "s3cr3t"));
    }

    [Fact]
    public void MissingSettingsOrAnUnsetVariable_AreNamed_AndNoSecretIsShown()
    {
        var partial = new Dictionary<string, string?>(Complete) { ["Blobs:S3:Bucket"] = null, ["Blobs:S3:SecretKey"] = "plain-secret" };
        partial.Remove("Blobs:S3:AccessKey");

        var missing = Assert.Throws<InvalidOperationException>(() => BlobStoreSettings.Resolve(Configuration(partial), _ => null));
        var unset = Assert.Throws<InvalidOperationException>(() => BlobStoreSettings.Resolve(Configuration(Complete), _ => null));

        Assert.Contains("Blobs:S3:Bucket, Blobs:S3:AccessKey", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-secret", missing.Message, StringComparison.Ordinal);
        Assert.Contains("DBLOGS_TEST_S3_SECRET", unset.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IBlobStore Resolved(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        using var provider = new ServiceCollection()
            .AddBlobStore(_ => BlobStoreSettings.Resolve(configuration, environment ?? (_ => null)), _ => Path.Combine(Path.GetTempPath(), "unused"))
            .BuildServiceProvider();
        return provider.GetRequiredService<IBlobStore>();
    }
}
