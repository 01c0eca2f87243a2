using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DbLogs.Core.Time;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using ZstdSharp;

namespace DbLogs.Tests.Ingest;

public class IngestRouteTests
{
    internal static async Task<(TestApp App, string Instance, string Key)> StartAsync(string? data = null, bool listen = false,
        Action<IServiceCollection>? services = null)
    {
        var app = await TestApp.StartAsync(dataDirectory: data, listen: listen, services: services);
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project, shards: 1, replicasPerShard: 2);
        var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        return (app, instance, key);
    }

    internal static Task<HttpResponseMessage> PostAsync(TestApp app, string key, string fileId, long offset, string text,
        string node = "r00", string kind = "redis-run", bool gzip = false) =>
        PostEncodedAsync(app, key, fileId, offset, text, gzip ? "gzip" : null, Encode(Encoding.UTF8.GetBytes(text), gzip ? "gzip" : null), node, kind);

    /// <param name="fileSize">The file size the collector reports; by default the batch's end (no lag).</param>
    internal static async Task<HttpResponseMessage> PostEncodedAsync(TestApp app, string key, string fileId, long offset, string text, string? encoding,
        byte[] body, string node = "r00", string kind = "redis-run", long? fileSize = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/batches") { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-DbLogs-Node", node);
        request.Headers.Add("X-DbLogs-Kind", kind);
        request.Headers.Add("X-DbLogs-File-Id", fileId);
        request.Headers.Add("X-DbLogs-File-Path", "/var/log/redis/redis-server.log");
        request.Headers.Add("X-DbLogs-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-DbLogs-File-Size", (fileSize ?? offset + Encoding.UTF8.GetByteCount(text)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        return await app.Client.SendAsync(request);
    }

    /// <summary>The bytes in <paramref name="encoding"/>: zstd as the agent sends it, br and gzip as older agents did.</summary>
    private static byte[] Encode(byte[] bytes, string? encoding)
    {
        if (encoding == "zstd")
        {
            using var compressor = new Compressor(1);
            return compressor.Wrap(bytes).ToArray();
        }

        using var buffer = new MemoryStream();
        using (Stream? z = encoding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            _ => null,
        })
        {
            (z ?? buffer).Write(bytes);
        }

        return buffer.ToArray();
    }

    internal static async Task<string> StreamAsync(TestApp app, string instance, string node = "r00")
    {
        var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single(s => s.NodeId == node);
        await using var stream = app.Services.GetRequiredService<SegmentStore>().OpenRead(source.Id, 0, source.Length);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private const string Line1 = "1:M 21 Nov 2025 10:00:00.000 * one\n";
    private const string Line2 = "1:M 21 Nov 2025 11:00:00.000 * two\n";
    private const string Line3 = "1:M 22 Nov 2025 09:00:00.000 * three\n";

    [Fact]
    public async Task Resent_and_overlapping_batches_are_stored_once()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(app, key, "f1", 0, Line1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(app, key, "f1", 0, Line1)).StatusCode);
        var overlap = await PostAsync(app, key, "f1", 0, Line1 + Line2, gzip: true);

        Assert.Equal(HttpStatusCode.OK, overlap.StatusCode);
        Assert.Equal(Line1.Length + Line2.Length,
            JsonDocument.Parse(await overlap.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        Assert.Equal(Line1 + Line2, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task Zstd_batches_and_those_of_older_brotli_and_gzip_agents_are_each_stored_byte_exact()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        var offset = 0L;
        foreach (var (text, encoding) in new[] { (Line1, "zstd"), (Line2, "br"), (Line3, "gzip") })
        {
            var stored = await PostEncodedAsync(app, key, "f1", offset, text, encoding, Encode(Encoding.UTF8.GetBytes(text), encoding));
            offset += text.Length;

            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(offset, JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        }

        Assert.Equal(Line1 + Line2 + Line3, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task A_corrupt_truncated_or_oversized_zstd_body_is_refused_with_400_and_nothing_is_stored()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        await PostAsync(app, key, "f1", 0, Line1);
        var frame = Encode(Encoding.UTF8.GetBytes(Line2), "zstd");
        using var buffer = new MemoryStream();
        using (var wide = new CompressionStream(buffer, level: 1, leaveOpen: true))
        {
            // A frame of unknown size whose window (64 MiB) is beyond the largest batch: not one an agent sends.
            wide.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_windowLog, 26);
            wide.Write(Encoding.UTF8.GetBytes(Line2));
        }

        foreach (var body in new[] { "not zstd at all, just text pretending to be compressed"u8.ToArray(), frame[..^3], buffer.ToArray() })
        {
            var refused = await PostEncodedAsync(app, key, "f1", Line1.Length, Line2, "zstd", body);

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("DBLOGS.400", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetString());
        }

        Assert.Equal(Line1, await StreamAsync(app, instance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("zstd")]
    public async Task A_batch_of_exactly_the_largest_size_is_stored_and_one_byte_more_is_refused(string? encoding)
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        var text = LinesOf(DbLogs.Server.Ingest.IngestEndpoints.MaxBatchBytes);
        var over = text + "z";

        var refused = await PostEncodedAsync(app, key, "f1", 0, over, encoding, Encode(Encoding.ASCII.GetBytes(over), encoding));
        var stored = await PostEncodedAsync(app, key, "f1", 0, text, encoding, Encode(Encoding.ASCII.GetBytes(text), encoding));

        Assert.Equal(DbLogs.Server.Ingest.IngestEndpoints.MaxBatchBytes, text.Length);
        Assert.Equal(encoding is null ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(text.Length, JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        Assert.Equal(text, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task Batches_over_a_real_socket_are_read_into_the_services_64_KiB_blocks_and_stored_byte_exact()
    {
        var (app, instance, key) = await StartAsync(listen: true);
        await using var _ = app;
        // The length a batch declares sizes its buffer: one of exactly a power of two fills it (then the body must end), one of
        // an odd length does not.
        var whole = LinesOf(4 << 20);
        var odd = LinesOf((3 << 20) + 17);

        var first = await PostAsync(app, key, "f1", 0, whole);
        var second = await PostAsync(app, key, "f1", whole.Length, odd);

        Assert.IsType<TransportMemoryPoolFactory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(whole.Length + odd.Length, JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        Assert.Equal(whole + odd, await StreamAsync(app, instance));
    }

    /// <summary>Run-log lines of exactly <paramref name="bytes"/> ASCII bytes, the last one padded to fit.</summary>
    private static string LinesOf(int bytes)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; text.Length + 64 <= bytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"1:M 21 Nov 2025 10:00:00.000 * line {i:D12}\n");
        }

        return text.Append('y', bytes - text.Length - 1).Append('\n').ToString();
    }

    [Fact]
    public async Task A_batch_that_arrives_before_the_one_it_follows_waits_for_it_and_both_are_stored_in_order()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        await PostAsync(app, key, "f1", 0, Line1);

        var later = PostAsync(app, key, "f1", Line1.Length + Line2.Length, Line3);
        await Task.Delay(300);
        Assert.False(later.IsCompleted, "the later batch was answered before the one it follows came");
        var earlier = await PostAsync(app, key, "f1", Line1.Length, Line2);

        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await later).StatusCode);
        Assert.Equal(Line1 + Line2 + Line3, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task A_batch_after_a_hole_is_refused_with_the_stored_offset()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        await PostAsync(app, key, "f1", 0, Line1);

        var ahead = await PostAsync(app, key, "f1", Line1.Length + 10, Line2);

        Assert.Equal(HttpStatusCode.Conflict, ahead.StatusCode);
        Assert.Equal(Line1.Length, JsonDocument.Parse(await ahead.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        Assert.Equal(Line1, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task An_instance_deleted_and_created_again_under_its_id_stores_its_new_batches_in_a_new_stream()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(app, key, "f1", 0, Line1)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.AdminAsync(HttpMethod.Delete, $"/admin/v1/instances/{instance}")).StatusCode);
        var project = await app.CreateProjectAsync();
        Assert.Equal(instance, await app.CreateInstanceAsync(project,
            $$"""{"id":"{{instance}}","name":"again","engine":"redis","shards":[{"name":"group-0","replicas":[{"id":"r00","ip":"127.0.0.1","port":6379,"role":"master"}]}]}"""));
        var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        var newKey = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;

        var response = await PostAsync(app, newKey, "f1", 0, Line2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Line2.Length, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
        Assert.Equal(Line2, await StreamAsync(app, instance));
    }

    [Fact]
    public async Task A_new_file_continues_the_stream_and_the_index_finds_records_by_time()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        await PostAsync(app, key, "f1", 0, Line1 + Line2);
        await PostAsync(app, key, "f2", 0, Line3);

        Assert.Equal(Line1 + Line2 + Line3, await StreamAsync(app, instance));
        var sources = app.Services.GetRequiredService<ISourceStore>();
        var source = (await sources.ListSourcesAsync(instance)).Single();
        var nov22 = await sources.FindChunksAsync(source.Id, new TimeWindow(
            new DateTimeOffset(2025, 11, 22, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        var chunk = Assert.Single(nov22);
        Assert.Equal(Line1.Length + Line2.Length, chunk.StreamStart);
        Assert.Equal(new DateTimeOffset(2025, 11, 22, 9, 0, 0, TimeSpan.Zero), chunk.FirstTime);
    }

    [Fact]
    public async Task Keys_are_scoped_to_their_instance_and_nodes()
    {
        var (app, _, key) = await StartAsync();
        await using var __ = app;

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(app, "dblk_wrong", "f1", 0, Line1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(app, key, "f1", 0, Line1, node: "not-a-node")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(app, key, "f1", 0, Line1, kind: "mariadb-audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(app, key, "f1", 0, Line1, kind: "syslog")).StatusCode);
    }

    [Fact]
    public async Task A_torn_tail_left_by_a_crash_is_cut_back_at_start_up()
    {
        var data = Directory.CreateTempSubdirectory("dblogs-torn-").FullName;
        var (app, instance, key) = await StartAsync(data);
        try
        {
            await PostAsync(app, key, "f1", 0, Line1);
            var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single();
            // Bytes on disk that the metadata never committed: what a kill between write and commit leaves.
            app.Services.GetRequiredService<SegmentStore>().Append(source.Id, Line1.Length, Encoding.UTF8.GetBytes("half a li"));
            await app.DisposeAsync();

            await using var restarted = await TestApp.StartAsync(dataDirectory: data);
            Assert.Equal(Line1.Length, restarted.Services.GetRequiredService<SegmentStore>().PhysicalLength(source.Id));
            var again = await PostAsync(restarted, key, "f1", Line1.Length, Line2);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(Line1 + Line2, await StreamAsync(restarted, instance));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Operator_view_shows_offset_lag_and_gaps()
    {
        var (app, instance, key) = await StartAsync();
        await using var _ = app;
        await PostAsync(app, key, "f1", 0, Line1);
        var gap = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/gaps")
        {
            Content = new StringContent("""{"node":"r00","kind":"redis-run","file_path":"/x.log.3","bytes":4096,"detected_at":"2026-01-01T00:00:00Z","reason":"rotated away before read"}""",
                Encoding.UTF8, "application/json"),
        };
        gap.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendAsync(gap)).StatusCode);

        var view = JsonDocument.Parse(await (await app.AdminAsync(HttpMethod.Get, $"/admin/v1/sources?instance_id={instance}")).Content.ReadAsStringAsync())
            .RootElement.EnumerateArray().Single();
        Assert.Equal("redis-run", view.GetProperty("kind").GetString());
        Assert.Equal(Line1.Length, view.GetProperty("file_offset").GetInt64());
        Assert.Equal(0, view.GetProperty("lag_bytes").GetInt64());
        Assert.Equal(4096, view.GetProperty("gaps")[0].GetProperty("bytes").GetInt64());
    }
}
