using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using Xunit.Abstractions;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// Two <c>dblogs serve</c> processes on one PostgreSQL store and one Ceph bucket, an agent that knows both, and a real
/// mariadbd whose audit plugin writes the log: the node holding the audit cutter's lease is SIGKILLed, the other takes the
/// cutter over once the lease lapses and cuts the next files, a rotate request made on any node closes the open file,
/// and the audit files joined are the plugin's output byte for byte.
/// </summary>
public sealed class AuditCutterTakeoverTests(MariaDbTemplate template, ITestOutputHelper output) : IClassFixture<MariaDbTemplate>
{
    private const string MasterKey = "ZGJsb2dzLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcyE=";
    private const int AuditFileBytes = 4096;
    private static readonly string Lease = $"followers:{ProcessBootstrap.MysqlInstanceId}/n1/mariadb-audit";
    private static readonly string MysqlRoutes = $"/v3/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.MysqlInstanceId}";

    // A killed holder's lease lapses within the heartbeat's TTL (20 s); the survivor, refused while it held, tries again
    // a TTL and a second after its refusal (its follower tick alone would be up to 10 s later). The rest is slack for a loaded run.
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(20 + 1 + 7);

    [Fact]
    [Trait("Category", "Fault")]
    public async Task A_killed_cutter_holder_is_replaced_within_the_lease_timeout_and_the_audit_files_joined_are_the_plugin_output()
    {
        var root = Directory.CreateTempSubdirectory("dblogs-takeover-").FullName;
        var bootstrap = Path.Combine(root, "bootstrap.json");
        await File.WriteAllTextAsync(bootstrap, ProcessBootstrap.Json());
        var postgres = await PostgresCluster.Shared;
        var gateway = await CephGateway.Shared;
        var store = new ClusterStore(await postgres.CreateDatabaseAsync(), gateway, await gateway.CreateBucketAsync());
        // One audit file for the whole test (the plugin's own rotation is tested elsewhere), so its output is one file.
        await using var mariadb = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1L << 30 }, template);
        var nodes = store.Nodes(2, root, bootstrap, MasterKey, AuditFileBytes);
        FaultAgent? agent = null;
        try
        {
            foreach (var node in nodes)
            {
                await node.StartAsync();
            }

            agent = new FaultAgent("agent-mysql", FaultAgent.WriteConfig(root, "mysql", [.. nodes.Select(n => n.BaseUrl)],
                await nodes[0].IssueAgentKeyAsync(ProcessBootstrap.MysqlInstanceId), 16 * 1024, [("n1", "mariadb-audit", mariadb.AuditLog)]), root, 1);
            agent.Start();

            await AuditWorkload.PaddingAsync(mariadb, "before", 100); // about 15 KB: three files and an open one
            var shipped = Stopwatch.StartNew();
            while (await FilesAsync(store) == 0 && shipped.Elapsed < FaultRun.CatchUpTimeout)
            {
                await Task.Delay(200);
            }

            Assert.True(await FilesAsync(store) >= 1, $"no audit file was cut within {shipped.Elapsed.TotalSeconds:0} s");
            var holder = await WaitForHolderAsync(nodes);
            var survivor = nodes.Single(n => n != holder);

            await holder.KillAsync();
            var killed = Stopwatch.StartNew();
            var cutBefore = await FilesAsync(store); // a dead node commits nothing more
            await AuditWorkload.PaddingAsync(mariadb, "after", 100);
            while (await FilesAsync(store) == cutBefore && killed.Elapsed < TakeoverLimit + TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }

            var tookOver = killed.Elapsed;
            output.WriteLine($"{holder.Name} held the cutter and was killed; {survivor.Name} cut file {cutBefore + 1} {tookOver.TotalSeconds:0.0} s later");
            Assert.True(await FilesAsync(store) > cutBefore, $"no node cut another audit file within {killed.Elapsed.TotalSeconds:0} s of the holder's kill");
            Assert.True(tookOver < TakeoverLimit, $"the next file was cut {tookOver.TotalSeconds:0.0} s after the kill (limit {TakeoverLimit.TotalSeconds:0} s)");
            Assert.Same(survivor, await WaitForHolderAsync([survivor]));

            // The killed node comes back without the lease; a rotate request on it closes the survivor's open file.
            await holder.StartAsync();
            await WaitForStoredAsync(store, new FileInfo(mariadb.AuditLog).Length);
            var (status, body) = await ClusterChecks.SignedAsync(holder, HttpMethod.Post, $"{MysqlRoutes}/auditlog-rotate",
                JsonSerializer.Serialize(new { instance_id = ProcessBootstrap.MysqlInstanceId }));
            Assert.True(status == HttpStatusCode.OK, $"RotateAuditLog on {holder.Name}: {(int)status} {body}");
            Assert.Same(survivor, await WaitForHolderAsync(nodes));

            var joined = await DownloadFilesAsync(store, survivor);
            var plugin = await File.ReadAllBytesAsync(mariadb.AuditLog);
            output.WriteLine($"plugin output {plugin.Length} bytes; {await FilesAsync(store)} audit files downloaded from {survivor.Name}, joined {joined.Length} bytes");
            Assert.True(joined.AsSpan().SequenceEqual(plugin),
                $"the audit files joined ({joined.Length} bytes) differ from the plugin's output ({plugin.Length} bytes) at byte {joined.AsSpan().CommonPrefixLength(plugin)}");
        }
        finally
        {
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await postgres.DropDatabaseAsync(store.ConnectionString);
            FaultRun.TryDelete(root);
        }
    }

    /// <summary>The live node (of <paramref name="among"/>) that holds the audit follower lease, once one does.</summary>
    private static async Task<FaultService> WaitForHolderAsync(IReadOnlyList<FaultService> among)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TakeoverLimit + TimeSpan.FromSeconds(30))
        {
            foreach (var node in among)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/v1/nodes");
                request.Headers.Add("X-Admin-Key", node.AdminKey);
                try
                {
                    using var response = await node.Client.SendAsync(request);
                    using var nodesJson = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var self = nodesJson.RootElement.EnumerateArray().Single(n => n.GetProperty("self").GetBoolean());
                    if (self.GetProperty("leases").EnumerateArray().Any(l => l.GetProperty("name").GetString() == Lease))
                    {
                        return node;
                    }
                }
                catch (HttpRequestException)
                {
                    // not answering (killed, starting)
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no node of {string.Join(", ", among.Select(n => n.Name))} holds {Lease}");
    }

    private static async Task<int> FilesAsync(ClusterStore store)
    {
        var (database, _, auditFiles, _) = store.Open();
        await using var _ = database;
        return (await auditFiles.ListFilesEndedBeforeAsync(ProcessBootstrap.MysqlInstanceId, null)).Count;
    }

    private static async Task WaitForStoredAsync(ClusterStore store, long length)
    {
        var (database, sources, _, _) = store.Open();
        await using var _ = database;
        var waited = Stopwatch.StartNew();
        long stored = -1;
        while (waited.Elapsed < FaultRun.CatchUpTimeout)
        {
            stored = (await sources.ListSourcesAsync(ProcessBootstrap.MysqlInstanceId)).Single(s => s.Kind == LogKind.MariadbAudit).Length;
            if (stored == length)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the agent did not ship the audit log: {stored} of {length} bytes stored");
    }

    /// <summary>The closed audit files downloaded from <paramref name="node"/> through its links, joined in sequence order.</summary>
    private static async Task<byte[]> DownloadFilesAsync(ClusterStore store, FaultService node)
    {
        var (database, _, auditFiles, _) = store.Open();
        await using var _ = database;
        var files = (await auditFiles.ListFilesEndedBeforeAsync(ProcessBootstrap.MysqlInstanceId, null)).OrderBy(f => f.StreamSequence).ToList();
        Assert.Equal(Enumerable.Range(1, files.Count).Select(i => (long)i), files.Select(f => f.StreamSequence));
        using var joined = new MemoryStream();
        foreach (var chunk in files.Chunk(50))
        {
            var (status, body) = await ClusterChecks.SignedAsync(node, HttpMethod.Post, $"{MysqlRoutes}/auditlog-links",
                JsonSerializer.Serialize(new { ids = chunk.Select(f => f.Id) }));
            Assert.True(status == HttpStatusCode.OK, $"ShowAuditlogDownloadLink on {node.Name}: {(int)status} {body}");
            using var links = JsonDocument.Parse(body);
            foreach (var link in links.RootElement.GetProperty("links").EnumerateArray().Select(l => new Uri(l.GetString()!)))
            {
                joined.Write(await node.Client.GetByteArrayAsync(new Uri(link.PathAndQuery, UriKind.Relative)));
            }
        }

        return joined.ToArray();
    }
}
