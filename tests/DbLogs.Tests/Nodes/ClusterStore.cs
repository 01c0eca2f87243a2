using DbLogs.Storage.Blobs;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Postgres;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Nodes;

/// <summary>The store a test's nodes share (a PostgreSQL database and a bucket), opened by the test to read what they stored.</summary>
internal sealed record ClusterStore(string ConnectionString, CephGateway Gateway, string Bucket)
{
    /// <summary>The stores as a node builds them; dispose the database when done.</summary>
    public (PostgresDatabase Database, ISourceStore Sources, IMariadbAuditStore AuditFiles, IStreamStore Streams) Open()
    {
        var database = new PostgresDatabase(ConnectionString);
        var sources = new PostgresSourceStore(database);
        return (database, sources, new PostgresMariadbAuditStore(database),
            new BlobStreamStore(new S3BlobStore(Gateway.Client(), Bucket), sources, TimeProvider.System));
    }
}
