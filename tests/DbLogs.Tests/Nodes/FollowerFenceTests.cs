using System.Globalization;
using System.Text;
using Dapper;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Ingest;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Nodes;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// A node whose audit cutter stalls mid-commit (its cursor row locked, as a split from the store would hold it) past its
/// lease: the other node takes the lease and cuts from the committed cursor, and the stalled commit, once it reaches the
/// store, is rolled back, so every record is in exactly one audit file.
/// </summary>
public sealed class FollowerFenceTests : IDisposable
{
    private const string Cutter = "audit-files";
    private const int Records = 6;

    // The bucket both nodes share, as a directory: the new holder reads the stream the stalled node was cutting.
    private readonly string _blobs = Directory.CreateTempSubdirectory("dblogs-fence-blobs-").FullName;

    public void Dispose() => Directory.Delete(_blobs, recursive: true);

    [Fact]
    public async Task A_cutter_stalled_past_its_lease_commits_nothing_and_the_node_that_took_the_lease_cuts_each_record_into_one_file()
    {
        var instance = string.Empty;
        var logs = new CapturingLoggerProvider();
        await using var nodes = await TwoNodes.StartAsync(DateTimeOffset.UtcNow,
            async setUp => instance = await setUp.CreateMysqlInstanceAsync(await setUp.CreateProjectAsync()),
            services => services.AddSingleton<IBlobStore>(new LocalBlobStore(_blobs)).AddSingleton<ILoggerProvider>(logs),
            "--Blobs:S3:Bucket", "a-shared-directory", "--EmbeddedCollector=false", "--AuditRecords:Enabled=false",
            "--AuditFiles:SizeLimit", "1", "--FollowerInterval", "00:00:00.200");
        var sources = nodes.A.Services.GetRequiredService<ISourceStore>();
        long length = 0;

        // One record, cut into the first file by whichever node took the source's lease.
        length = await AppendAsync(nodes.A, instance, length, 1, 1);
        var source = (await sources.ListSourcesAsync(instance)).Single();
        Assert.True(await TwoNodes.EventuallyAsync(async () => (await sources.GetCursorAsync(source.Id, Cutter))?.Position == length));
        var lease = WorkLeaseNames.Followers(source);
        var holder = Assert.Single(await TwoNodes.HoldersAsync(nodes.A, lease)) == TwoNodes.IdOf(nodes.A) ? nodes.A : nodes.B;
        var other = nodes.Other(holder);

        await using var store = new NpgsqlConnection(nodes.Store);
        await store.OpenAsync();
        // pg_stat_activity stays as it was first read until the transaction ends: it is watched from a connection of its own.
        await using var watch = new NpgsqlConnection(nodes.Store);
        await watch.OpenAsync();
        await using (var stall = await store.BeginTransactionAsync())
        {
            await store.ExecuteAsync("SELECT 1 FROM stream_cursors WHERE source_id = @Id AND consumer = @Cutter FOR UPDATE",
                new { source.Id, Cutter }, stall);
            length = await AppendAsync(holder, instance, length, 2, Records - 1);
            Assert.True(await TwoNodes.EventuallyAsync(async () => await LockWaitsAsync(watch) >= 1), "the holder's cutter did not reach its commit");

            // The holder stalls past its lease; the other node takes it, reads the committed cursor and cuts the same next
            // file, whose row waits for the stalled commit.
            nodes.PassLeaseTime();
            Assert.True(await TwoNodes.EventuallyAsync(async () => await LockWaitsAsync(watch) >= 2), "the other node did not take the cutting over");
            Assert.Equal([TwoNodes.IdOf(other)], await TwoNodes.HoldersAsync(other, lease));
            await stall.CommitAsync();
        }

        Assert.True(await TwoNodes.EventuallyAsync(async () => (await sources.GetCursorAsync(source.Id, Cutter))?.Position == length &&
            await LockWaitsAsync(watch) == 0));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a stalled cutter that went on would have cut a file more by now

        var files = (await nodes.A.Services.GetRequiredService<IMariadbAuditStore>().ListFilesEndedBeforeAsync(instance, null))
            .OrderBy(f => f.StreamSequence).ToList();
        Assert.Equal(Enumerable.Range(1, Records).Select(i => (long)i), files.Select(f => f.StreamSequence));
        Assert.Equal(length, files.Sum(f => f.SizeBytes));
        Assert.Equal([TwoNodes.IdOf(other)], await TwoNodes.HoldersAsync(holder, lease));

        // The stalled node said so once, as news rather than a failure, and left the source alone.
        var followerLogs = logs.Entries.Where(e => e.Category == typeof(StreamFollowers).FullName).ToList();
        var stopped = Assert.Single(followerLogs, e => e.Message.Contains("stopped, nothing committed", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, stopped.Level);
        Assert.DoesNotContain(followerLogs, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>Appends records <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 through <paramref name="node"/>;
    /// answers the stream's new length.</summary>
    private static async Task<long> AppendAsync(TestApp node, string instance, long offset, int first, int count)
    {
        var records = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(first, count).Select(n =>
            string.Create(CultureInfo.InvariantCulture, $"20251121 10:00:{n % 60:00},dbhost,app,10.0.0.5,42,{n},QUERY,shop,'SELECT {n}',0\n"))));
        var stored = await node.Services.GetRequiredService<IngestService>().AppendAsync(
            new IngestBatch(instance, "n1", LogKind.MariadbAudit, "f", "/var/lib/mysql/server_audit.log", offset, records, offset + records.Length),
            CancellationToken.None);
        Assert.Equal(IngestOutcome.Stored, stored.Outcome);
        return offset + records.Length;
    }

    /// <summary>The sessions of the nodes' database waiting for a lock another holds.</summary>
    private static Task<long> LockWaitsAsync(NpgsqlConnection watch) =>
        watch.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}
