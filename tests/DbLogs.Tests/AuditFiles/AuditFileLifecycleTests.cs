using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sqlite;
using DbLogs.Tests.RealServers;
using Microsoft.Extensions.DependencyInjection;
using static DbLogs.Tests.AuditFiles.AuditFileEndToEndTests;

namespace DbLogs.Tests.AuditFiles;

/// <summary>The time limit on a quiet stream (manual clock), link lifetime, and a crash between a file and its row.</summary>
public sealed class AuditFileLifecycleTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditfiles-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    private static readonly DateTimeOffset RealNow = DateTimeOffset.UtcNow;

    private static Task<List<System.Text.Json.JsonElement>> ListAsync(AuditService service) =>
        service.ListAllAsync(Utc(RealNow.AddHours(-2)), Utc(DateTimeOffset.UtcNow.AddHours(2)));

    [Fact]
    public async Task A_quiet_open_file_is_closed_by_the_follower_timer_once_the_time_limit_passes()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, ["--AuditFiles:TimeLimit=00:30:00"]);

        await AuditWorkload.VariedAsync(server);
        var first = await service.CollectedAsync(server);
        Assert.Empty(await ListAsync(service)); // the open file is not listed

        service.App.Clock.Advance(TimeSpan.FromMinutes(29));
        await service.CatchUpAsync(); // the followers ran at 29 minutes and left the file open
        Assert.Empty(await ListAsync(service));

        // No append and no explicit catch-up: the follower timer (1 s in tests) acts on the quiet stream.
        service.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var listed = await WaitForFilesAsync(service, 1);
        var firstFile = (await service.DownloadAsync([listed[0].GetProperty("id").GetString()!]))[0];
        Assert.Equal(AuditService.Text(first), AuditService.Text(firstFile));

        // The next file opens with the next record and has its own 30 minutes.
        await AuditWorkload.PaddingAsync(server, "after the cut", 10);
        var all = await service.CollectedAsync(server);
        service.App.Clock.Advance(TimeSpan.FromMinutes(29));
        await service.CatchUpAsync();
        Assert.Single(await ListAsync(service));
        service.App.Clock.Advance(TimeSpan.FromMinutes(1));
        listed = await WaitForFilesAsync(service, 2);

        var ordered = listed.OrderBy(AuditService.Sequence).Select(i => i.GetProperty("id").GetString()!).ToList();
        var contents = await service.DownloadAsync(ordered);
        Assert.True(all.AsSpan().SequenceEqual(AuditService.Concat(contents)), "the two files are not the stream");
        Assert.Contains("after the cut", AuditService.Text(contents[1]), StringComparison.Ordinal);
        Assert.DoesNotContain("after the cut", AuditService.Text(contents[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_closes_the_open_file_now_and_its_links_expire_after_five_minutes()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, []);

        await AuditWorkload.PaddingAsync(server, "before rotate", 5);
        var stored = await service.CollectedAsync(server);
        Assert.Empty(await ListAsync(service));

        Assert.Equal($$"""{"instance_id":"{{service.Instance}}"}""",
            await (await service.SendAsync(HttpMethod.Post, "/auditlog-rotate", $$"""{"instance_id":"{{service.Instance}}"}""")).Content.ReadAsStringAsync());
        var listed = Assert.Single(await ListAsync(service));
        var id = listed.GetProperty("id").GetString()!;

        var body = await service.OkAsync(HttpMethod.Post, "/auditlog-links", $$"""{"ids":["{{id}}"]}""");
        var link = body.GetProperty("links")[0].GetString()!;
        using (var response = await service.App.Client.GetAsync(new Uri(link)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var downloaded = await response.Content.ReadAsByteArrayAsync();
            Assert.True(stored.AsSpan().SequenceEqual(downloaded));
            Assert.Equal(listed.GetProperty("name").GetString(),
                response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        }

        service.App.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await service.App.Client.GetAsync(new Uri(link))).StatusCode);
        service.App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.App.Client.GetAsync(new Uri(link))).StatusCode);

        // An unknown id among known ones: 400 naming it, no links.
        var error = await service.SendAsync(HttpMethod.Post, "/auditlog-links", $$"""{"ids":["{{id}}","0000t0000br01"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        var text = await error.Content.ReadAsStringAsync();
        Assert.Contains("DBS.200001", text, StringComparison.Ordinal);
        Assert.Contains("0000t0000br01", text, StringComparison.Ordinal);
        Assert.DoesNotContain("links", text, StringComparison.Ordinal);

        // A rotate with no open file adds no file.
        await service.RotateAsync();
        Assert.Single(await ListAsync(service));
    }

    [Fact]
    public async Task A_crash_between_a_file_and_its_row_then_a_restart_neither_loses_nor_duplicates_files()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 4096, AuditRotations = 30 }, template);
        string[] args = ["--AuditFiles:SizeLimit=3000"];
        await using var service = await AuditService.StartAsync(_dir, server, args,
            s => s.AddSingleton(sp => CrashingAuditStore.Wrap(new SqliteMariadbAuditStore(sp.GetRequiredService<SqliteDatabase>()), 3)));

        await AuditWorkload.VariedAsync(server);
        await AuditWorkload.PaddingAsync(server, "before the crash", 40);
        await service.CollectedAsync(server);
        Assert.Equal(2, (await ListAsync(service)).Count);
        Assert.Equal(3, StoredFiles(service).Count); // the third file is written, its row never committed

        // Down while the server keeps writing; back up without the fault.
        await service.StopAsync();
        await AuditWorkload.PaddingAsync(server, "while down", 40);
        await service.RestartAsync();
        await AuditWorkload.PaddingAsync(server, "after the restart", 40);
        await service.CollectedAsync(server);
        await service.RotateAsync();

        var listed = (await ListAsync(service)).OrderBy(AuditService.Sequence).ToList();
        Assert.True(listed.Count >= 6, $"only {listed.Count} files");
        Assert.Equal(Enumerable.Range(1, listed.Count).Select(n => (long)n), listed.Select(AuditService.Sequence));
        var ids = listed.Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), StoredFiles(service).Order(StringComparer.Ordinal));

        var plugin = Collected.Concatenate(server.AuditFiles());
        var contents = await service.DownloadAsync(ids);
        Assert.Equal(AuditService.Text(plugin), AuditService.Text(AuditService.Concat(contents)));
        Assert.True(plugin.AsSpan().SequenceEqual(AuditService.Concat(contents)));
    }

    private static List<string> StoredFiles(AuditService service)
    {
        var folder = Path.Combine(service.Data, "files", "auditlog");
        // A cut file is stored as a manifest of its stream range, {id}.ranges; a file the previous version wrote is {id}.
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().Select(n => n.Replace(".ranges", "", StringComparison.Ordinal))] : [];
    }

    private static async Task<List<System.Text.Json.JsonElement>> WaitForFilesAsync(AuditService service, int count)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var listed = await ListAsync(service);
            if (listed.Count >= count || started.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Equal(count, listed.Count);
                return listed;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Commits the first rows, then fails every commit: the process "died" after writing a file, before its row. Every other
    /// call goes to the real store.
    /// </summary>
    public class CrashingAuditStore : DispatchProxy
    {
        private IMariadbAuditStore _inner = null!;
        private int _failFrom;
        private int _commits;

        public static IMariadbAuditStore Wrap(IMariadbAuditStore inner, int failFrom)
        {
            var proxy = Create<IMariadbAuditStore, CrashingAuditStore>();
            (((CrashingAuditStore)(object)proxy)._inner, ((CrashingAuditStore)(object)proxy)._failFrom) = (inner, failFrom);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IMariadbAuditStore.CommitClosedFileAsync) && Interlocked.Increment(ref _commits) >= _failFrom)
            {
                throw new IOException("simulated crash between writing the file and committing its row");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}
