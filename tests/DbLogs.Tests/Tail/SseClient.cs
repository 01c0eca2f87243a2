using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Tail;

/// <summary>One Server-Sent Event: <c>event</c> is null for a line event; <c>data</c> is its JSON.</summary>
internal sealed record SseEvent(string? Id, string? Event, string Data, long ReceivedAt)
{
    public string Line => JsonDocument.Parse(Data).RootElement.GetProperty("line").GetString()!;

    public string? Time => JsonDocument.Parse(Data).RootElement.GetProperty("time").GetString();
}

/// <summary>
/// A real HTTP client of the live tail: signed GET, headers read first (the body never ends), events parsed as they
/// come. Every read has a timeout, so a test that waits for an event that never comes fails instead of hanging.
/// </summary>
internal sealed class SseClient(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public int Comments { get; private set; }

    public static Task<SseClient> OpenAsync(TestApp app, TestProject project, string instance, string query, string? lastEventId = null) =>
        OpenAsync(app.Client, app.Clock.Now, project, instance, query, lastEventId);

    public static async Task<SseClient> OpenAsync(HttpClient client, DateTimeOffset now, TestProject project, string instance, string query,
        string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dblogs/v1/{project.Id}/instances/{instance}/tail?{query}");
        RequestSigner.Sign(request, project.Ak, project.Sk, project.Id, now, string.Empty);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            response.Dispose();
            Assert.Fail($"tail {query}: {(int)response.StatusCode} {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8));
    }

    /// <summary>The next <paramref name="count"/> line events (comments skipped; any other event fails).</summary>
    public async Task<List<SseEvent>> LinesAsync(int count)
    {
        var events = new List<SseEvent>();
        while (events.Count < count)
        {
            var next = await NextAsync() ?? throw new InvalidOperationException($"the stream ended after {events.Count} of {count} lines");
            Assert.True(next.Event is null, $"unexpected event {next.Event}: {next.Data}");
            events.Add(next);
        }

        return events;
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<SseEvent?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string? id = null, name = null, data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseEvent(id, name, data, Stopwatch.GetTimestamp());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
