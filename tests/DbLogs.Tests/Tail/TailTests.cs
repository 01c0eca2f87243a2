using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Server.Tail;
using DbLogs.Tests.AuditFiles;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Tail;

/// <summary>
/// The live tail of a real mariadbd's audit log: the last lines first, every new line in order as the plugin writes it, and
/// a reconnect with Last-Event-ID that goes on from the last event seen, without gaps or repeats; a client that leaves frees its place.
/// </summary>
public sealed class TailTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task A_tail_sends_the_last_lines_then_each_new_line_in_order_and_resumes_after_the_last_event_id()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, []);
        await AuditWorkload.PaddingAsync(server, "before", 10);
        await service.CollectedAsync(server);
        var before = Lines(server);

        var tail = await OpenAsync(service, "since=5", null);
        var first = await tail.NextAsync(5);
        Assert.Equal(before[^5..], first.Select(e => e.Line));
        Assert.All(first, e => Assert.NotNull(e.Time));

        await AuditWorkload.PaddingAsync(server, "live", 10);
        var live = await tail.NextAsync(Lines(server).Count - before.Count);
        Assert.Equal(Lines(server)[before.Count..], live.Select(e => e.Line));

        var signals = service.App.Services.GetRequiredService<TailSignals>();
        var source = (await Collected.SourceAsync(service.App, LogKind.MariadbAudit))!;
        Assert.Equal(1, signals.Open(source.Id));
        tail.Dispose();
        await Eventually(() => signals.Open(source.Id) == 0);

        await AuditWorkload.PaddingAsync(server, "while away", 5);
        var resumed = await OpenAsync(service, "since=100", live[^3].Id);
        var all = Lines(server);
        var expected = all[(before.Count + live.Count - 2)..];
        Assert.Equal(expected, (await resumed.NextAsync(expected.Count)).Select(e => e.Line));
        resumed.Dispose();
    }

    private static List<string> Lines(MariaDbServer server) =>
        [.. AuditService.Text(Collected.Concatenate(server.AuditFiles())).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static async Task<SseClient> OpenAsync(AuditService service, string query, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/dblogs/v1/{service.Project.Id}/instances/{service.Instance}/tail?node_id=n1&kind=mariadb-audit&{query}");
        RequestSigner.Sign(request, service.Project.Ak, service.Project.Sk, service.Project.Id, service.App.Clock.Now, string.Empty);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await service.App.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow + EventTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not come true in time");
            await Task.Delay(50);
        }
    }

    private sealed record SseEvent(string Id, string? Time, string Line);

    private sealed class SseClient(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<List<SseEvent>> NextAsync(int count)
        {
            using var timeout = new CancellationTokenSource(EventTimeout);
            var events = new List<SseEvent>();
            string? id = null;
            while (events.Count < count)
            {
                var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var data = JsonDocument.Parse(line[6..]).RootElement;
                    events.Add(new SseEvent(id!, data.GetProperty("time").GetString(), data.GetProperty("line").GetString()!));
                }
            }

            return events;
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
