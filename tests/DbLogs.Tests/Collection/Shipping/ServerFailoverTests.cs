using System.Net;
using DbLogs.Collection.Shipping;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DbLogs.Tests.Collection.Shipping;

/// <summary>
/// The agent's failover between several servers, against small HTTP nodes on loopback that answer as they are told:
/// the next server takes a request a node refuses or fails with 5xx, the failed one is passed over for a while and then
/// comes first again, and answers that are the request's own fault (4xx) never move it.
/// </summary>
public sealed class ServerFailoverTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_node_answering_503_is_passed_over_until_its_time_is_up_and_then_used_again()
    {
        await using var a = await Node.StartAsync("a", HttpStatusCode.ServiceUnavailable);
        await using var b = await Node.StartAsync("b", HttpStatusCode.OK);
        var clock = new ManualClock(Start);
        var messages = new List<string>();
        using var http = Client([a.Url, b.Url], clock, messages);

        Assert.Equal("b", await PostAsync(http, "batch 1"));
        Assert.Equal("b", await PostAsync(http, "batch 2"));
        Assert.Equal(1, a.Hits); // passed over for the second request
        Assert.Equal(["batch 1", "batch 2"], b.Bodies); // the body re-sent whole to the next node
        Assert.Single(messages, m => m.Contains(a.Url.ToString(), StringComparison.Ordinal) && m.Contains("503", StringComparison.Ordinal));

        a.Status = HttpStatusCode.OK;
        clock.Advance(ServerFailoverHandler.RetryAfter - TimeSpan.FromSeconds(1));
        Assert.Equal("b", await PostAsync(http, "batch 3"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("a", await PostAsync(http, "batch 4"));
        Assert.Equal(["batch 4"], a.Bodies);
    }

    [Fact]
    public async Task A_refused_connection_goes_to_the_next_server()
    {
        await using var b = await Node.StartAsync("b", HttpStatusCode.OK);
        var down = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        var messages = new List<string>();
        using var http = Client([down, b.Url], new ManualClock(Start), messages);

        Assert.Equal("b", await PostAsync(http, "batch"));
        Assert.Single(messages, m => m.Contains(down.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_node_fails_the_last_answer_is_returned()
    {
        await using var a = await Node.StartAsync("a", HttpStatusCode.ServiceUnavailable);
        await using var b = await Node.StartAsync("b", HttpStatusCode.BadGateway);
        using var http = Client([a.Url, b.Url], new ManualClock(Start), []);

        using var response = await http.PostAsync("/ingest", new StringContent("batch"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal((1, 1), (a.Hits, b.Hits));
    }

    [Fact]
    public async Task A_client_error_is_the_answer_and_moves_nothing()
    {
        await using var a = await Node.StartAsync("a", HttpStatusCode.Conflict);
        await using var b = await Node.StartAsync("b", HttpStatusCode.OK);
        var messages = new List<string>();
        using var http = Client([a.Url, b.Url], new ManualClock(Start), messages);

        using var response = await http.PostAsync("/ingest", new StringContent("batch"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal((1, 0), (a.Hits, b.Hits));
        Assert.Empty(messages);
    }

    private static HttpClient Client(Uri[] servers, TimeProvider clock, List<string> messages) =>
        new(new ServerFailoverHandler(new SocketsHttpHandler(), servers, clock, m => { lock (messages) { messages.Add(m); } }))
        {
            BaseAddress = servers[0],
        };

    private static async Task<string> PostAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/ingest", new ReadOnlyMemoryContent(System.Text.Encoding.UTF8.GetBytes(body)));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A loopback HTTP node that answers every request with <see cref="Status"/> and its name, keeping the bodies it took.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _name;

        private Node(WebApplication app, string name) => (_app, _name) = (app, name);

        public HttpStatusCode Status { get; set; }

        public int Hits { get; private set; }

        public List<string> Bodies { get; } = [];

        public Uri Url => new(_app.Urls.First());

        public static async Task<Node> StartAsync(string name, HttpStatusCode status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var node = new Node(app, name) { Status = status };
            app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                lock (node.Bodies)
                {
                    node.Hits++;
                    if ((int)node.Status < 300)
                    {
                        node.Bodies.Add(body);
                    }
                }

                context.Response.StatusCode = (int)node.Status;
                await context.Response.WriteAsync(node._name);
            });
            await app.StartAsync();
            return node;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
