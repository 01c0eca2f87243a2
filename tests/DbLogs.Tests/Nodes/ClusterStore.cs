using System.Globalization;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Nodes;

/// <summary>The store a test's nodes share (a PostgreSQL database and a bucket), opened by the test to read what they stored.</summary>
internal sealed record ClusterStore(string ConnectionString, CephGateway Gateway, string Bucket)
{
    /// <summary>
    /// <paramref name="count"/> <c>dblogs serve</c> nodes (node-1 …) on this store and bucket, each with a port and data
    /// directory of its own under <paramref name="root"/>, the same master key, and audit files cut at <paramref name="auditFileBytes"/>.
    /// </summary>
    public List<FaultService> Nodes(int count, string root, string bootstrap, string masterKey, int auditFileBytes)
    {
        string[] shared =
        [
            "--bootstrap", bootstrap, "--EmbeddedCollector=false", "--ConnectionStrings:Postgres", ConnectionString, "--MasterKey", masterKey,
            "--Blobs:S3:ServiceUrl", Gateway.ServiceUrl, "--Blobs:S3:Bucket", Bucket,
            "--Blobs:S3:AccessKey", CephGateway.AccessKey, "--Blobs:S3:SecretKey", CephGateway.SecretKey,
            "--AuditFiles:SizeLimit", auditFileBytes.ToString(CultureInfo.InvariantCulture),
        ];
        return [.. Enumerable.Range(1, count).Select(i => new FaultService($"node-{i}", root, Path.Combine(root, $"data-{i}"), Loopback.FreePort(),
            [.. shared, "--NodeId", $"node-{i}"]))];
    }

    /// <summary>The stores as a node builds them; dispose the database when done.</summary>
    public (PostgresDatabase Database, ISourceStore Sources, IMariadbAuditStore AuditFiles, IStreamStore Streams) Open()
    {
        var database = new PostgresDatabase(ConnectionString);
        var sources = new PostgresSourceStore(database);
        return (database, sources, new PostgresMariadbAuditStore(database),
            new BlobStreamStore(new S3BlobStore(Gateway.Client(), Bucket), sources, TimeProvider.System));
    }
}
