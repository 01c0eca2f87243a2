using Amazon.S3;
using DbLogs.Storage.Blobs;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// The one throwaway Ceph cluster of the whole test run (<see cref="CephCluster"/>, on free loopback ports in a temp
/// directory), started on first use and removed when the test process exits. Each test takes a bucket of its own
/// (<see cref="CreateBucketAsync"/>).
/// </summary>
public sealed class CephGateway
{
    public const string AccessKey = CephCluster.AccessKey;
    public const string SecretKey = CephCluster.SecretKey;

    private static readonly Lazy<Task<CephGateway>> SharedGateway = new(StartAsync);

    private readonly CephCluster _cluster;

    private CephGateway(CephCluster cluster) => _cluster = cluster;

    /// <summary>The gateway of this test run, started on first use.</summary>
    public static Task<CephGateway> Shared => SharedGateway.Value;

    public string ServiceUrl => _cluster.ServiceUrl;

    /// <summary>How long the start took, from the first key to the S3 user (for reports).</summary>
    public TimeSpan StartTime => _cluster.StartTime;

    /// <summary>The store's settings as the service takes them (no bucket named).</summary>
    public S3BlobOptions Options(string? bucket = null) =>
        new() { ServiceUrl = ServiceUrl, Bucket = bucket, AccessKey = AccessKey, SecretKey = SecretKey };

    /// <summary>An S3 client of the test user, made as the service makes its own.</summary>
    public AmazonS3Client Client() => Options().CreateClient();

    /// <summary>A new empty bucket; returns its name.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        using var client = Client();
        await client.PutBucketAsync(name);
        return name;
    }

    private static async Task<CephGateway> StartAsync()
    {
        foreach (var binary in CephCluster.Binaries)
        {
            if (!File.Exists(binary))
            {
                Assert.Fail($"{binary} is missing: install the Debian packages radosgw ceph-mon ceph-osd ceph-common (scripts/test.sh does).");
            }
        }

        var cluster = await ServerStart.WithRetriesAsync(async () =>
        {
            try
            {
                var root = Directory.CreateTempSubdirectory("dblogs-ceph-").FullName;
                return (await CephCluster.StartAsync(root, Loopback.FreePort(), Loopback.FreePort()), string.Empty);
            }
            catch (InvalidOperationException ex)
            {
                return (null, ex.Message);
            }
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return new CephGateway(cluster);
    }
}
