using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using DbLogs.Bench.Fleet;
using DbLogs.RealServers;
using DbLogs.Storage.Blobs;

namespace DbLogs.Bench.Nodes;

/// <summary>
/// What several <c>dblogs serve</c> nodes share: a private PostgreSQL cluster (<see cref="BenchPostgres"/>) and a private
/// Ceph cluster with its RADOS Gateway (<see cref="CephCluster"/>, its OSD in RAM), both started once for the benchmark;
/// each <see cref="NewAsync"/> gives a database and a bucket of their own.
/// </summary>
internal sealed class SharedStore : IAsyncDisposable
{
    private readonly BenchPostgres _postgres;
    private readonly CephCluster _ceph;
    private readonly AmazonS3Client _s3;

    private SharedStore(BenchPostgres postgres, CephCluster ceph)
    {
        _postgres = postgres;
        _ceph = ceph;
        _s3 = Options(null).CreateClient();
    }

    public static async Task<SharedStore> StartAsync(long objectStoreBytes)
    {
        foreach (var binary in CephCluster.Binaries.Where(b => !File.Exists(b)))
        {
            throw new InvalidOperationException($"{binary} is missing: install radosgw ceph-mon ceph-osd ceph-common (scripts/bench.sh does).");
        }

        var postgres = await BenchPostgres.StartAsync();
        try
        {
            var root = Directory.CreateTempSubdirectory("dblogs-bench-ceph-").FullName;
            return new SharedStore(postgres, await CephCluster.StartAsync(root, ServeProcess.FreePort(), ServeProcess.FreePort(), objectStoreBytes));
        }
        catch (Exception ex) when (ex is InvalidOperationException or SocketException)
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new database and bucket; gives the <c>serve</c> arguments that name them (and the shared master key).</summary>
    public async Task<(string ConnectionString, string Bucket, string ServeArguments)> NewAsync(string name)
    {
        await _postgres.CreateDatabaseAsync(name);
        await _s3.PutBucketAsync(name);
        var connectionString = _postgres.ConnectionString(name);
        var options = Options(name);
        return (connectionString, name,
            $"--ConnectionStrings:Postgres \"{connectionString}\" --Blobs:S3:ServiceUrl {options.ServiceUrl} " +
            $"--Blobs:S3:Bucket {name} --Blobs:S3:AccessKey {options.AccessKey} --Blobs:S3:SecretKey {options.SecretKey}");
    }

    /// <summary>CPU time the store's servers have used: PostgreSQL (postmaster and backends) and the Ceph daemons.</summary>
    public TimeSpan CpuTime() =>
        ProcStats.TreeCpuTime(_postgres.ServerProcessId) + _ceph.ProcessIds.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcStats.TreeCpuTime(pid));

    /// <summary>Deletes a bucket and what it holds (the OSD keeps it in RAM).</summary>
    public async Task DeleteBucketAsync(string bucket)
    {
        var request = new ListObjectsV2Request { BucketName = bucket };
        do
        {
            var page = await _s3.ListObjectsV2Async(request);
            if (page.S3Objects is { Count: > 0 } objects)
            {
                await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucket,
                    Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })],
                });
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (request.ContinuationToken is not null);

        await _s3.DeleteBucketAsync(bucket);
    }

    public async ValueTask DisposeAsync()
    {
        _s3.Dispose();
        _ceph.Stop();
        await _postgres.DisposeAsync();
    }

    private S3BlobOptions Options(string? bucket) =>
        new() { ServiceUrl = _ceph.ServiceUrl, Bucket = bucket, AccessKey = CephCluster.AccessKey, SecretKey = CephCluster.SecretKey };
}
