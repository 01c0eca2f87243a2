using DbLogs.Core.Logs;
using DbLogs.Server.Tail;
using DbLogs.Tests.AuditFiles;
using DbLogs.Tests.RealServers;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Tail;

/// <summary>
/// The live tail of a real mariadbd's audit log (statements run for real, the plugin writes, the embedded collector
/// stores): the last lines first, every new line in order, and a reconnect with Last-Event-ID that goes on from the
/// last event seen, without gaps or repeats; a client that leaves frees its place. Served by Kestrel on loopback.
/// </summary>
public sealed class TailTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task A_tail_sends_the_last_lines_then_each_new_line_in_order_and_resumes_after_the_last_event_id()
    {
        // The policy check's own connection is audited too: at start only, so that only the test's statements write lines.
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, ["--AuditPolicyInterval=01:00:00"], listen: true);
        await AuditWorkload.PaddingAsync(server, "before", 10);
        await service.CollectedAsync(server);
        var before = Lines(server);

        var tail = await OpenAsync(service, "since=5", null);
        var first = await tail.LinesAsync(5);
        Assert.Equal(before[^5..], first.Select(e => e.Line));
        Assert.All(first, e => Assert.NotNull(e.Time));

        await AuditWorkload.PaddingAsync(server, "live", 10);
        await service.CollectedAsync(server);
        var live = await tail.LinesAsync(Lines(server).Count - before.Count);
        Assert.Equal(Lines(server)[before.Count..], live.Select(e => e.Line));

        var signals = service.App.Services.GetRequiredService<TailSignals>();
        var source = (await Collected.SourceAsync(service.App, LogKind.MariadbAudit))!;
        Assert.Equal(1, signals.Open(source.Id));
        tail.Dispose();
        await TailWait.UntilAsync(() => signals.Open(source.Id) == 0);

        await AuditWorkload.PaddingAsync(server, "while away", 5);
        await service.CollectedAsync(server);
        using var resumed = await OpenAsync(service, "since=100", live[^3].Id);
        var all = Lines(server);
        var expected = all[(before.Count + live.Count - 2)..];
        Assert.Equal(expected, (await resumed.LinesAsync(expected.Count)).Select(e => e.Line));
    }

    private static List<string> Lines(MariaDbServer server) =>
        [.. AuditService.Text(Collected.Concatenate(server.AuditFiles())).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static Task<SseClient> OpenAsync(AuditService service, string query, string? lastEventId) =>
        SseClient.OpenAsync(service.App, service.Project, service.Instance, "node_id=n1&kind=mariadb-audit&" + query, lastEventId);
}
