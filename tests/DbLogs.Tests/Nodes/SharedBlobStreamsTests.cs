using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Server.Downloads;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.Files;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using DbLogs.Tests.Tail;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Nodes;

/// <summary>
/// Two service nodes on one PostgreSQL store and one bucket of a real Ceph RADOS Gateway: batches sent to either node make one
/// stream every node reads byte for byte, a batch sent to both at once is stored once, and a download link one node signs
/// serves the same bytes from the other.
/// </summary>
public sealed class SharedBlobStreamsTests
{
    private static readonly string SharedKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 3)).ToArray());

    [Fact]
    public async Task Batches_through_either_node_make_one_stream_both_read_and_a_link_signed_by_one_downloads_from_the_other()
    {
        var args = await SharedStoreAsync();
        await using var a = await TestApp.StartAsync([.. args, "--NodeId", "node-a"]);
        await using var b = await TestApp.StartAsync([.. args, "--NodeId", "node-b"]);
        var (_, instance, key) = await RedisInstanceAsync(a);

        var written = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            var line = $"line {i} of the shared stream {new string((char)('a' + i), i * 7)}\n";
            var node = i % 2 == 0 ? a : b;
            Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(node.Client, key, "r00", Encoding.UTF8.GetByteCount(written.ToString()), line)).StatusCode);
            written.Append(line);
        }

        var expected = Encoding.UTF8.GetBytes(written.ToString());
        Assert.Equal(expected, await ReadStreamAsync(a, instance));
        Assert.Equal(expected, await ReadStreamAsync(b, instance));
        var source = (await b.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single();
        var objects = await ListAsync(a.Services.GetRequiredService<IBlobStore>(), $"{BlobStreamStore.Prefix}{source.Id}/");
        Assert.Equal(10, objects.Count); // one object per append, none in either data directory
        Assert.False(Directory.Exists(Path.Combine(a.DataDirectory, "streams", source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        // A file cut on node a (bytes 10 to the end of the 7th line, across pieces written by both nodes), downloaded through node b.
        var end = Encoding.UTF8.GetByteCount(string.Concat(written.ToString().Split('\n').Take(7).Select(l => l + "\n")));
        var size = await a.Services.GetRequiredService<ICollectedFiles>().WriteRangesAsync(DownloadAreas.RunLog, "shared1",
            new RangesManifest(source.Id, [new StreamRange(10, end)]));
        Assert.Equal(end - 10, size);
        var link = new Uri(a.Services.GetRequiredService<DownloadLinks>().Create(LinkRequest(), DownloadAreas.RunLog, "shared1", "run.log",
            TimeSpan.FromMinutes(5)));
        using var whole = await b.Client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(expected.AsSpan(10, end - 10).ToArray(), await whole.Content.ReadAsByteArrayAsync());

        using var ranged = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(5, 60);
        using var part = await b.Client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(expected.AsSpan(15, 56).ToArray(), await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_batch_sent_to_both_nodes_at_once_is_stored_once()
    {
        var args = await SharedStoreAsync();
        await using var a = await TestApp.StartAsync([.. args, "--NodeId", "node-a"]);
        await using var b = await TestApp.StartAsync([.. args, "--NodeId", "node-b"]);
        var (_, instance, key) = await RedisInstanceAsync(a);

        var written = new StringBuilder();
        for (var round = 0; round < 12; round++)
        {
            var line = $"round {round}: the same batch to both nodes\n";
            var offset = Encoding.UTF8.GetByteCount(written.ToString());
            var answers = await Task.WhenAll(IngestBatches.PostAsync(a.Client, key, "r00", offset, line), IngestBatches.PostAsync(b.Client, key, "r00", offset, line));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            written.Append(line);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(written.ToString()), await ReadStreamAsync(b, instance));
        Assert.Equal(Encoding.UTF8.GetByteCount(written.ToString()),
            (await a.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single().Length);
    }

    [Fact]
    public async Task A_live_tail_on_one_node_gets_the_lines_another_node_stores()
    {
        var args = await SharedStoreAsync();
        await using var a = await TestApp.StartAsync([.. args, "--NodeId", "node-a"]);
        // No heartbeat within the test: only the store poll can show node b what node a stored.
        await using var b = await TestApp.StartAsync([.. args, "--NodeId", "node-b", "--LiveTail:Heartbeat", "01:00:00"]);
        var (project, instance, key) = await RedisInstanceAsync(a);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(a.Client, key, "r00", 0, "first\n")).StatusCode);

        using var tail = await SseClient.OpenAsync(b, project, instance, "node_id=r00&kind=redis-run&since=1");
        Assert.Equal("first", (await tail.LinesAsync(1))[0].Line);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(a.Client, key, "r00", 6, "second, through node a\n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(a.Client, key, "r00", 29, "third\n")).StatusCode);

        Assert.Equal(["second, through node a", "third"], (await tail.LinesAsync(2)).Select(e => e.Line));
    }

    [Fact]
    public async Task A_node_with_an_object_store_refuses_to_start_on_a_store_whose_streams_are_in_a_data_directory()
    {
        var args = await SharedStoreAsync();
        var withoutBlobs = args[..4];
        await using (var single = await TestApp.StartAsync(withoutBlobs))
        {
            var (_, _, key) = await RedisInstanceAsync(single);
            Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(single.Client, key, "r00", 0, "kept in the data directory\n")).StatusCode);
        }

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestApp.StartAsync(args));

        Assert.Contains("not in the object store", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CephGateway.SecretKey, refused.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> SharedStoreAsync()
    {
        var store = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var gateway = await CephGateway.Shared;
        return
        [
            "--ConnectionStrings:Postgres", store, "--MasterKey", SharedKey,
            "--Blobs:S3:ServiceUrl", gateway.ServiceUrl, "--Blobs:S3:Bucket", await gateway.CreateBucketAsync(),
            "--Blobs:S3:AccessKey", CephGateway.AccessKey, "--Blobs:S3:SecretKey", CephGateway.SecretKey,
        ];
    }

    private static async Task<(TestProject Project, string Instance, string AgentKey)> RedisInstanceAsync(TestApp app)
    {
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);
        using var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        return (project, instance, JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!);
    }

    private static async Task<byte[]> ReadStreamAsync(TestApp app, string instance)
    {
        var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single();
        await using var stream = await app.Services.GetRequiredService<IStreamStore>().OpenReadAsync(source.Id, 0, source.Length);
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private static async Task<List<BlobEntry>> ListAsync(IBlobStore blobs, string prefix)
    {
        var entries = new List<BlobEntry>();
        await foreach (var entry in blobs.ListAsync(prefix))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static HttpRequest LinkRequest()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        return context.Request;
    }
}
