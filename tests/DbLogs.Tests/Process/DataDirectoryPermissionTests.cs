using System.Globalization;
using System.Net;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Process;

/// <summary>The data directory of <c>dblogs serve</c> and everything in it is owner-only, also when someone else made the directory.</summary>
public class DataDirectoryPermissionTests
{
    [Fact]
    public async Task A_world_readable_data_directory_becomes_owner_only_and_everything_created_in_it_too()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var files = new TempDirectory();
        var data = files.File("data");
        Directory.CreateDirectory(data, (UnixFileMode)Convert.ToInt32("755", 8)); // as `mkdir -m 755 D`
        var options = new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), DataDirectory = data };
        await using var service = await ServeProcess.StartAsync(options);
        await service.WaitForStdoutAsync("owner-only");

        // Something in every area: a stream, a day file cut from it (files/), a token in the store.
        var agentKey = await AgentKeys.IssueAsync(service);
        var today = DateTime.UtcNow.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(service, agentKey, 0, $"1:M {today} * a line of today\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await service.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, ProcessBootstrap.ProjectId))).StatusCode);
        using var collect = new HttpRequestMessage(HttpMethod.Post, new Uri(
            $"/v2/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.RedisInstanceId}/redislog?log_type=run&query_time=0&replication_id={ProcessBootstrap.ReplicaId}",
            UriKind.Relative));
        RequestSigner.Sign(collect, ProcessBootstrap.Ak, ProcessBootstrap.Sk, ProcessBootstrap.ProjectId, DateTimeOffset.UtcNow, string.Empty);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.SendAsync(collect)).StatusCode);
        await WaitForAsync(() => Directory.Exists(Path.Combine(data, "files")) &&
            Directory.EnumerateFiles(Path.Combine(data, "files"), "*", SearchOption.AllDirectories).Any(f => !f.EndsWith(".tmp", StringComparison.Ordinal)));

        var entries = Directory.GetFileSystemEntries(data, "*", SearchOption.AllDirectories);
        Assert.Contains(entries, e => e.EndsWith("dblogs.db-wal", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EndsWith(".seg", StringComparison.Ordinal));
        var loose = entries.Append(data)
            .Select(e => (Path: e, Mode: Mode(e), Expected: Directory.Exists(e) ? "700" : "600"))
            .Where(e => Octal(e.Mode) != e.Expected)
            .Select(e => $"{e.Path} {Octal(e.Mode)} (expected {e.Expected})")
            .ToList();
        Assert.True(loose.Count == 0, "not owner-only:\n" + string.Join('\n', loose));
    }

    private static UnixFileMode Mode(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
