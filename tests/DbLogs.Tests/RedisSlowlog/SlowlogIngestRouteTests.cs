using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Collection.Redis;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary><c>POST /ingest/v1/redis-slowlog</c> as the agent's <see cref="HttpSlowlogSink"/> uses it.</summary>
public sealed class SlowlogIngestRouteTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static async Task<(TestApp App, TestProject Project, string Instance, string Key)> StartAsync()
    {
        var app = await TestApp.StartAsync(now: DateTimeOffset.UtcNow);
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project, shards: 2, replicasPerShard: 2);
        var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (app, project, instance, JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!);
    }

    private static SlowlogBatch Batch(string node, string runId, params long[] ids) =>
        new(node, runId, [.. ids.Select(id => new SlowlogEntry(id, T0 + id, 1000 + id, ["HGETALL", $"user:{id}"], "10.0.0.9:4000", ""))], null);

    private static async Task<List<(long Id, string Shard, string Role, string Command)>> StoredAsync(TestApp app, TestProject project, string instance)
    {
        var response = await app.SendSignedAsync(HttpMethod.Get,
            $"/v2/{project.Id}/instances/{instance}/slowlog?start_time={(T0 - 60) * 1000}&end_time={(T0 + 3600) * 1000}&limit=1000&sort_dir=asc", project);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. root.GetProperty("slowlogs").EnumerateArray().Select(i => (i.GetProperty("id").GetInt64(), i.GetProperty("shard_name").GetString()!,
            i.GetProperty("node_role").GetString()!, i.GetProperty("command").GetString()!))];
    }

    [Fact]
    public async Task A_resent_batch_is_stored_once_and_runs_with_the_same_ids_stay_apart()
    {
        var (app, project, instance, key) = await StartAsync();
        await using var _ = app;
        var sink = new HttpSlowlogSink(app.Client, key);

        await sink.SendAsync(Batch("r11", "run-a", 0, 1, 2), default);
        await sink.SendAsync(Batch("r11", "run-a", 1, 2, 3), default);
        await sink.SendAsync(Batch("r11", "run-b", 0), default);

        var stored = await StoredAsync(app, project, instance);
        Assert.Equal([0L, 0L, 1L, 2L, 3L], stored.Select(s => s.Id).Order());
        Assert.All(stored, s => Assert.Equal(("group-1", "replica"), (s.Shard, s.Role)));
        Assert.Contains(stored, s => s.Command == "HGETALL user:3");
    }

    [Fact]
    public async Task A_missed_range_becomes_one_gap_even_when_resent_and_errors_set_and_clear_the_last_error()
    {
        var (app, _, instance, key) = await StartAsync();
        await using var __ = app;
        var sink = new HttpSlowlogSink(app.Client, key);
        var batch = Batch("r00", "run-a", 10) with { Missed = new SlowlogMissed(4, 10, SlowlogPlanner.WrappedReason) };

        await sink.SendAsync(batch, default);
        await sink.SendAsync(batch, default);
        await sink.ReportErrorAsync("r00", "connection refused", default);

        var store = app.Services.GetRequiredService<ISourceStore>();
        var source = Assert.Single(await store.ListSourcesAsync(instance), s => s.Kind == LogKind.RedisSlowlog);
        Assert.Equal(("r00", "connection refused"), (source.NodeId, source.LastError));
        Assert.Equal(4, Assert.Single(await store.ListGapsAsync(source.Id)).Bytes);

        await sink.ReportErrorAsync("r00", null, default);
        Assert.Null((await store.GetSourceAsync(source.Id))!.LastError);
    }

    [Fact]
    public async Task Wrong_key_unknown_node_and_bad_batches_are_refused()
    {
        var (app, _, _, key) = await StartAsync();
        await using var _ = app;

        var wrongKey = await Assert.ThrowsAsync<IngestException>(() => new HttpSlowlogSink(app.Client, "dblk_nope").SendAsync(Batch("r00", "run-a", 1), default));
        var unknownNode = await Assert.ThrowsAsync<IngestException>(() => new HttpSlowlogSink(app.Client, key).SendAsync(Batch("zz", "run-a", 1), default));
        Assert.StartsWith("401", wrongKey.Message, StringComparison.Ordinal);
        Assert.StartsWith("404", unknownNode.Message, StringComparison.Ordinal);

        foreach (var body in new[]
        {
            "{}", "[]", """{"node":"r00","run_id":"","entries":[]}""", """{"node":"r00","run_id":"a","entries":[{"id":-1,"unix_seconds":1,"duration_micros":1,"args":[],"client":"","client_name":""}]}""",
            """{"node":"r00","run_id":"a","entries":[{"id":1,"unix_seconds":1,"duration_micros":1}]}""", """{"node":"r00","run_id":"a","entries":[],"missed":{"count":0,"before_id":1,"reason":"x"}}""",
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/redis-slowlog") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", key);
            var response = await app.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode}");
        }
    }
}
