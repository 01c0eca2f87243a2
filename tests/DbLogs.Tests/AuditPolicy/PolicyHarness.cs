using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DbLogs.Server.Rds.AuditPolicies;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditPolicySuite;

/// <summary>A running service with one project, plus the calls the audit-policy tests make.</summary>
internal sealed class PolicyHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private PolicyHarness(TestApp app, TestProject project, CapturingLoggerProvider logs)
    {
        App = app;
        Project = project;
        Logs = logs;
    }

    public TestApp App { get; }

    public TestProject Project { get; }

    public AuditPolicyService Policies => App.Services.GetRequiredService<AuditPolicyService>();

    public CapturingLoggerProvider Logs { get; }

    public static async Task<PolicyHarness> StartAsync(params string[] args)
    {
        var logs = new CapturingLoggerProvider();
        // The tests sweep when they choose to; the service's own sweep at start-up, if late, would race their counts.
        var app = await TestApp.StartAsync(args, now: DateTimeOffset.UtcNow, services: s =>
        {
            s.Remove(s.Single(d => d.ImplementationType == typeof(AuditRetentionSweeper)));
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });
        return new PolicyHarness(app, await app.CreateProjectAsync(), logs);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>Registers a MySQL instance with one node <c>n1</c>, given as the bootstrap file's node object.</summary>
    public Task<string> AddInstanceAsync(object node) => App.CreateInstanceAsync(Project, JsonSerializer.Serialize(new
    {
        name = "db-" + Guid.NewGuid().ToString("N"),
        engine = "mysql",
        nodes = new[] { node },
    }));

    public Task<HttpResponseMessage> PutAsync(string instance, string body) =>
        App.SendSignedAsync(HttpMethod.Put, $"/v3/{Project.Id}/instances/{instance}/auditlog-policy", Project, body);

    public async Task<JsonElement> GetAsync(string instance)
    {
        var response = await App.SendSignedAsync(HttpMethod.Get, $"/v3/{Project.Id}/instances/{instance}/auditlog-policy", Project);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public async Task PutOkAsync(string instance, string body)
    {
        var response = await PutAsync(instance, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {body}: {(int)response.StatusCode} {text}");
        Assert.Equal("COMPLETED", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
    }

    public static async Task AssertConflictAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {text}");
        Assert.Equal("DBS.200011", JsonDocument.Parse(text).RootElement.GetProperty("error_code").GetString());
    }

    /// <summary>Polls GET until <paramref name="done"/> holds for its answer, and returns that answer.</summary>
    public async Task<JsonElement> GetUntilAsync(string instance, Func<JsonElement, bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var policy = await GetAsync(instance);
            if (done(policy))
            {
                return policy;
            }

            Assert.True(watch.Elapsed < Timeout, $"{what}: still {policy}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the latest change is no longer pending and returns its outcome.</summary>
    public async Task<AuditPolicyStatus> SettledAsync(string instance, long version)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var status = await Policies.GetStatusAsync(instance, CancellationToken.None);
            if (status.Desired?.Version == version && status.Change is AuditPolicyChange.Applied or AuditPolicyChange.Failed)
            {
                return status;
            }

            Assert.True(watch.Elapsed < Timeout, $"policy version {version} of {instance} still {status.Change} after {Timeout}");
            await Task.Delay(50);
        }
    }

    public async Task<string> IssueAgentKeyAsync(string instance)
    {
        var issued = await App.AdminAsync(HttpMethod.Post, $"/admin/v1/instances/{instance}/agent-keys");
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
    }

    public Task<HttpResponseMessage> AgentFetchAsync(string? key, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/ingest/v1/audit-policy?" + query);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return App.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> AgentReportAsync(string? key, object report)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/audit-policy/report") { Content = JsonContent.Create(report) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return App.Client.SendAsync(request);
    }
}
