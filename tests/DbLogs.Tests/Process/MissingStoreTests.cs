using System.Net;

namespace DbLogs.Tests.Process;

/// <summary>A data directory whose store was deleted or lost is refused instead of started empty.</summary>
public class MissingStoreTests
{
    [Fact]
    public async Task A_start_that_finds_streams_and_keys_but_no_store_refuses_and_names_the_missing_file()
    {
        using var files = new TempDirectory();
        var data = files.File("data");
        var options = new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), DataDirectory = data };
        await using (var first = await ServeProcess.StartAsync(options))
        {
            var agentKey = await AgentKeys.IssueAsync(first);
            Assert.Equal(HttpStatusCode.OK, (await IngestBatches.PostAsync(first, agentKey, 0, "1:M 21 Nov 2025 10:00:00.000 * one\n")).StatusCode);
            Assert.Equal(0, await first.TerminateAsync());
        }

        foreach (var store in Directory.GetFiles(data, "dblogs.db*"))
        {
            File.Delete(store);
        }

        var result = await ServeProcess.RunToExitAsync(options);

        Assert.NotEqual(0, result.ExitCode);
        var stderr = result.Stderr.Trim();
        Assert.Single(stderr.Split('\n'));
        Assert.Contains(Path.Combine(data, "dblogs.db") + " is missing", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "dblogs.db")), "an empty store was created");
    }
}
