using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DbLogs.Storage.RedisRun;
using DbLogs.Tests.Api.Dcs;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.RunLogs;

/// <summary>One run-log entry as ListRedislog answers it.</summary>
public sealed record ListedRunLog(string Id, string FileName, string GroupName, string ReplicationIp, string Status, string Time, string BackupId);

/// <summary>The three run-log APIs as a client calls them, signed with the project's AK/SK.</summary>
/// <param name="jobs">The gate of an app started with <see cref="HoldJobs"/>: collecting then checks that the entries of the
/// days asked for are <c>collecting</c> before their job may settle them.</param>
public sealed class RunLogClient(TestApp app, TestProject project, string instanceId, CallGate? jobs = null)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(20);

    public string InstanceId => instanceId;

    /// <summary>Services for <see cref="TestApp.StartAsync"/>: collection jobs finish or delete entries only while <paramref name="gate"/> is open.</summary>
    public static Action<IServiceCollection> HoldJobs(CallGate gate) =>
        services => gate.Hold<IRedisRunStore>(services, nameof(IRedisRunStore.FinishAsync), nameof(IRedisRunStore.DeleteAsync));

    public Task<HttpResponseMessage> CollectAsync(int queryTime, string? replicationId) =>
        app.SendSignedAsync(HttpMethod.Post, DcsPaths.Redislog(project.Id, instanceId,
            $"query_time={queryTime}&log_type=run" + (replicationId is null ? "" : $"&replication_id={replicationId}")), project, string.Empty);

    public async Task<IReadOnlyList<ListedRunLog>> ListAsync(string? replicationId = null, int offset = 0, int limit = 1000)
    {
        var response = await app.SendSignedAsync(HttpMethod.Get, DcsPaths.Redislog(project.Id, instanceId,
            $"log_type=run&offset={offset}&limit={limit}" + (replicationId is null ? "" : $"&replication_id={replicationId}")), project);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.Equal(string.Empty, body);
            return [];
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(body).RootElement;
        var items = root.GetProperty("file_list").EnumerateArray().Select(e => new ListedRunLog(
            e.GetProperty("id").GetString()!, e.GetProperty("file_name").GetString()!, e.GetProperty("group_name").GetString()!,
            e.GetProperty("replication_ip").GetString()!, e.GetProperty("status").GetString()!, e.GetProperty("time").GetString()!,
            e.GetProperty("backup_id").GetString()!)).ToList();
        Assert.True(root.GetProperty("total_num").GetInt64() >= items.Count);
        return items;
    }

    /// <summary>Collects and waits until no entry of the replica is <c>collecting</c> any more; returns the replica's entries.</summary>
    public async Task<IReadOnlyList<ListedRunLog>> CollectAndWaitAsync(int queryTime, string? replicationId)
    {
        jobs?.Close();
        try
        {
            var response = await CollectAsync(queryTime, replicationId);
            await DcsAssert.SuccessAsync(response, HttpStatusCode.NoContent);
            if (jobs is not null)
            {
                // query_time 0 and 1 ask for today, 3 and 7 for that many days.
                Assert.Equal(Math.Max(queryTime, 1), (await ListAsync(replicationId)).Count(e => e.Status == RunLogStatus.Collecting));
            }
        }
        finally
        {
            jobs?.Open();
        }

        var started = Stopwatch.StartNew();
        while (true)
        {
            var entries = await ListAsync(replicationId);
            if (entries.All(e => e.Status != RunLogStatus.Collecting))
            {
                return entries;
            }

            Assert.True(started.Elapsed < JobTimeout, "the collection job did not finish");
            await Task.Delay(50);
        }
    }

    public async Task<string> LinkAsync(string id)
    {
        var response = await app.SendSignedAsync(HttpMethod.Post, DcsPaths.Links(project.Id, instanceId, id), project, string.Empty);
        var root = JsonDocument.Parse(await DcsAssert.SuccessAsync(response, HttpStatusCode.OK)).RootElement;
        Assert.Equal(["id", "backup_id", "link"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal(id, root.GetProperty("backup_id").GetString());
        return root.GetProperty("link").GetString()!;
    }

    /// <summary>Fetches a link (an absolute URL to this service) and returns the bytes and the file name it offers.</summary>
    public async Task<(byte[] Bytes, string? FileName)> DownloadAsync(string link)
    {
        var response = await app.Client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    /// <summary>The day file of an entry, fetched through a fresh link.</summary>
    public async Task<byte[]> DownloadEntryAsync(ListedRunLog entry)
    {
        var (bytes, fileName) = await DownloadAsync(await LinkAsync(entry.Id));
        Assert.Equal(entry.FileName, fileName);
        return bytes;
    }
}
