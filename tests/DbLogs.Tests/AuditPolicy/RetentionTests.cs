using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Storage.Files;
using DbLogs.Storage.MariadbAudit;
using DbLogs.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary>Audit files (rows and stored content) deleted by keep_days and by <c>reserve_auditlogs=false</c>.</summary>
public sealed class RetentionTests
{
    private static readonly object Node = new { id = "n1", ip = "10.1.2.3", port = 3306 };

    private static async Task<string> SeedAsync(PolicyHarness h, string instance, TimeSpan endedAgo)
    {
        var id = Guid.NewGuid().ToString("N");
        var end = h.App.Clock.Now - endedAgo;
        var content = Encoding.UTF8.GetBytes($"20240101 00:00:00,host,root,localhost,1,1,QUERY,,'SELECT {id}',0\n");
        await h.App.Services.GetRequiredService<CollectedFileStore>().WriteAsync(DownloadAreas.AuditLog, id,
            (stream, ct) => stream.WriteAsync(content, ct).AsTask());
        var source = await h.App.Services.GetRequiredService<ISourceStore>().GetOrCreateSourceAsync(instance, "n1", LogKind.MariadbAudit);
        await h.App.Services.GetRequiredService<IMariadbAuditStore>().CommitClosedFileAsync(
            new AuditLogFile(id, instance, "n1", $"audit-{id}.log", content.Length, end - TimeSpan.FromHours(1), end, 1), source.Id, "seed",
            new StreamCursor(0, null));
        return id;
    }

    private static async Task<HashSet<string>> RemainingAsync(PolicyHarness h, string instance)
    {
        var rows = (await h.App.Services.GetRequiredService<IMariadbAuditStore>().ListFilesEndedBeforeAsync(instance, null)).Select(f => f.Id).ToHashSet();
        var files = h.App.Services.GetRequiredService<CollectedFileStore>();
        foreach (var id in rows)
        {
            Assert.True(files.Exists(DownloadAreas.AuditLog, id), $"row {id} lost its content");
        }

        return rows;
    }

    private static void AssertContentGone(PolicyHarness h, params string[] ids)
    {
        var files = h.App.Services.GetRequiredService<CollectedFileStore>();
        Assert.All(ids, id => Assert.False(files.Exists(DownloadAreas.AuditLog, id), $"content of {id} is still stored"));
    }

    private static Task<int> SweepAsync(PolicyHarness h) =>
        h.App.Services.GetRequiredService<AuditFileRetention>().SweepAsync(CancellationToken.None);

    [Fact]
    public async Task The_sweep_deletes_files_that_ended_more_than_keep_days_ago_and_keeps_newer_ones()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(Node);
        var old = await SeedAsync(h, instance, TimeSpan.FromDays(2));
        var recent = await SeedAsync(h, instance, TimeSpan.FromHours(20));
        await h.PutOkAsync(instance, """{"keep_days":1}""");

        Assert.Equal(1, await SweepAsync(h));

        Assert.Equal([recent], await RemainingAsync(h, instance));
        AssertContentGone(h, old);

        h.App.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, await SweepAsync(h));

        Assert.Empty(await RemainingAsync(h, instance));
        AssertContentGone(h, recent);
    }

    [Fact]
    public async Task Without_a_policy_or_with_auditing_off_the_sweep_keeps_everything()
    {
        await using var h = await PolicyHarness.StartAsync();
        var unset = await h.AddInstanceAsync(Node);
        var off = await h.AddInstanceAsync(Node);
        var a = await SeedAsync(h, unset, TimeSpan.FromDays(900));
        var b = await SeedAsync(h, off, TimeSpan.FromDays(900));
        await h.PutOkAsync(off, """{"keep_days":0}""");

        Assert.Equal(0, await SweepAsync(h));

        Assert.Equal([a], await RemainingAsync(h, unset));
        Assert.Equal([b], await RemainingAsync(h, off));
    }

    [Fact]
    public async Task Disabling_without_reserving_deletes_the_instances_files_now_and_only_its_own()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(Node);
        var other = await h.AddInstanceAsync(Node);
        var mine = new[] { await SeedAsync(h, instance, TimeSpan.FromMinutes(5)), await SeedAsync(h, instance, TimeSpan.FromDays(30)) };
        var theirs = await SeedAsync(h, other, TimeSpan.FromMinutes(5));

        await h.PutOkAsync(instance, """{"keep_days":0,"reserve_auditlogs":true}""");
        Assert.Equal(mine.ToHashSet(), await RemainingAsync(h, instance));

        await h.PutOkAsync(instance, """{"keep_days":0,"reserve_auditlogs":false}""");

        Assert.Empty(await RemainingAsync(h, instance));
        AssertContentGone(h, mine);
        Assert.Equal([theirs], await RemainingAsync(h, other));
    }

    [Fact]
    public async Task Reserve_false_only_matters_when_disabling()
    {
        await using var h = await PolicyHarness.StartAsync();
        var instance = await h.AddInstanceAsync(Node);
        var kept = await SeedAsync(h, instance, TimeSpan.FromMinutes(5));

        await h.PutOkAsync(instance, """{"keep_days":3,"reserve_auditlogs":false}""");

        Assert.Equal([kept], await RemainingAsync(h, instance));
    }
}
