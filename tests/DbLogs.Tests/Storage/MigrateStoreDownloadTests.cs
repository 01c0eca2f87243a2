using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Processing.Streams;
using DbLogs.Tests.Ingest;
using DbLogs.Tests.RunLogs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Storage;

/// <summary>
/// <c>dblogs admin migrate-store</c> on a store filled through ingest and collection: day files and audit files download
/// the same bytes after the move (fresh links and links signed before it), agent keys and cursors carry on, and
/// <c>--replace</c> puts the embedded store's state back over a PostgreSQL store that moved on.
/// </summary>
public class MigrateStoreDownloadTests : MigrateStoreTest
{
    // 2026-03-10 01:00 in Shanghai, the nodes' time zone.
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 17, 0, 0, TimeSpan.Zero);

    private const string RunLog =
        "41:M 09 Mar 2026 23:59:58.999 # WARNING Memory overcommit must be enabled!\n" +
        "42:C 10 Mar 2026 00:00:00.001 * DB saved on disk Grüße\n";

    private const string AuditWindow = "start_time=2026-03-09T00:00:00Z&end_time=2026-03-10T00:00:00Z&offset=0&limit=50";

    [Fact]
    public async Task Downloads_keys_and_cursors_are_the_same_after_the_move_and_replace_restores_the_embedded_state()
    {
        Scene scene;
        Dictionary<string, byte[]> before;
        await using (var app = await TestApp.StartAsync(now: Now, dataDirectory: Data))
        {
            scene = await Scene.CreateAsync(app);
            before = await scene.DownloadAllAsync(app);
        }

        Assert.Equal(5, before.Count); // two day files, three audit files
        Assert.Equal(0, (await MigrateAsync()).Exit);
        await using (var app = await TestApp.StartAsync(Postgres.Args, now: Now, dataDirectory: Data))
        {
            Assert.Equal(scene.Lists, await scene.ListAllAsync(app));
            var after = await scene.DownloadAllAsync(app);
            Assert.Equal(before.Keys, after.Keys);
            foreach (var (id, bytes) in before)
            {
                Assert.Equal(bytes, after[id]);
            }

            foreach (var (link, bytes) in scene.Links)
            {
                Assert.Equal(bytes, await OkBytesAsync(app, link));
            }

            // The agent key and the cursor moved: the agent's next batch continues where the stream ended.
            var end = Encoding.UTF8.GetByteCount(RunLog);
            var next = await IngestRouteTests.PostEncodedAsync(app, scene.AgentKey, "run-1", end, RunLog, null, Encoding.UTF8.GetBytes(RunLog), node: "r1");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal(2L * end,
                JsonDocument.Parse(await next.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64());
            Assert.NotEqual(scene.Lists, await scene.ListAllAsync(app));
        }

        Assert.Equal(1, (await MigrateAsync()).Exit);
        Assert.Equal(0, (await MigrateAsync("--replace")).Exit);
        await using (var app = await TestApp.StartAsync(Postgres.Args, now: Now, dataDirectory: Data))
        {
            Assert.Equal(scene.Lists, await scene.ListAllAsync(app));
        }
    }

    private static async Task<byte[]> OkBytesAsync(TestApp app, string link)
    {
        var response = await app.Client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A Redis instance and a MySQL instance whose logs came in through the ingest route, with what was listed and linked.</summary>
    private sealed class Scene(TestProject project, string redis, string mysql, string agentKey)
    {
        public string AgentKey => agentKey;

        /// <summary>The run-log list, audit list, audit record search and sources (with their cursors) as first answered.</summary>
        public string Lists { get; private set; } = "";

        /// <summary>Links signed before the move, with the bytes they served.</summary>
        public List<(string Link, byte[] Bytes)> Links { get; } = [];

        public static async Task<Scene> CreateAsync(TestApp app)
        {
            var project = await app.CreateProjectAsync();
            var redis = await app.CreateInstanceAsync(project, """
                {"name":"cache-sh","engine":"redis","shards":[{"name":"group-0","replicas":[
                  {"id":"r1","ip":"10.0.0.7","port":6379,"role":"master","time_zone":"Asia/Shanghai"}]}]}
                """);
            var mysql = await app.CreateMysqlInstanceAsync(project);
            var scene = new Scene(project, redis, mysql, await IssueKeyAsync(app, redis));
            Assert.Equal(HttpStatusCode.OK, (await IngestRouteTests.PostEncodedAsync(app, scene.AgentKey, "run-1", 0, RunLog, null,
                Encoding.UTF8.GetBytes(RunLog), node: "r1")).StatusCode);
            Assert.Equal(2, (await new RunLogClient(app, project, redis).CollectAndWaitAsync(3, "r1")).Count);

            var auditKey = await IssueKeyAsync(app, mysql);
            long offset = 0;
            for (var n = 1; n <= 3; n++)
            {
                var record = string.Create(CultureInfo.InvariantCulture, $"20260309 10:00:0{n},dbhost,app,10.0.0.5,42,{n},QUERY,shop,'SELECT {n}',0\n");
                var stored = await IngestRouteTests.PostEncodedAsync(app, auditKey, "audit-1", offset, record, null, Encoding.UTF8.GetBytes(record),
                    node: "n1", kind: "mariadb-audit");
                Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
                offset += record.Length;
                Assert.True((await app.SendSignedAsync(HttpMethod.Post, $"/v3/{project.Id}/instances/{mysql}/auditlog-rotate", project)).IsSuccessStatusCode);
            }

            await app.Services.GetRequiredService<StreamFollowers>().CatchUpAllAsync(CancellationToken.None); // the record index runs apart
            scene.Lists = await scene.ListAllAsync(app);
            Assert.Contains("\"total\":3,", scene.Lists, StringComparison.Ordinal);
            return scene;
        }

        public async Task<string> ListAllAsync(TestApp app)
        {
            var runs = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{project.Id}/instances/{redis}/redislog?log_type=run&offset=0&limit=100", project);
            var audits = await app.SendSignedAsync(HttpMethod.Get, $"/v3/{project.Id}/instances/{mysql}/auditlog?{AuditWindow}", project);
            var records = await app.SendSignedAsync(HttpMethod.Get, $"/dblogs/v1/{project.Id}/instances/{mysql}/audit-records?{AuditWindow}", project);
            var sources = await app.AdminAsync(HttpMethod.Get, "/admin/v1/sources");
            return string.Join("\n", await runs.Content.ReadAsStringAsync(), await audits.Content.ReadAsStringAsync(),
                await records.Content.ReadAsStringAsync(), await sources.Content.ReadAsStringAsync());
        }

        /// <summary>Every day file and audit file by id, each fetched through a link asked for now; keeps the first links.</summary>
        public async Task<Dictionary<string, byte[]>> DownloadAllAsync(TestApp app)
        {
            var files = new Dictionary<string, byte[]>();
            var runs = new RunLogClient(app, project, redis);
            foreach (var entry in await runs.ListAsync("r1"))
            {
                files[entry.Id] = await runs.DownloadEntryAsync(entry);
            }

            var listed = await app.SendSignedAsync(HttpMethod.Get, $"/v3/{project.Id}/instances/{mysql}/auditlog?{AuditWindow}", project);
            var ids = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("auditlogs").EnumerateArray()
                .Select(a => a.GetProperty("id").GetString()!).ToList();
            var linked = await app.SendSignedAsync(HttpMethod.Post, $"/v3/{project.Id}/instances/{mysql}/auditlog-links", project,
                JsonSerializer.Serialize(new { ids }));
            var links = JsonDocument.Parse(await linked.Content.ReadAsStringAsync()).RootElement.GetProperty("links").EnumerateArray()
                .Select(l => l.GetString()!).ToList();
            foreach (var (id, link) in ids.Zip(links))
            {
                files[id] = await OkBytesAsync(app, link);
                if (Links.Count < ids.Count)
                {
                    Links.Add((link, files[id]));
                }
            }

            return files;
        }

        private static async Task<string> IssueKeyAsync(TestApp app, string instance)
        {
            var issued = await app.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            return JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        }
    }
}
