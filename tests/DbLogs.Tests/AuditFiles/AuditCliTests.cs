using System.Text.Json;
using DbLogs.Cli.Cloud;
using DbLogs.Tests.Cli;
using DbLogs.Tests.RealServers;
using static DbLogs.Tests.AuditFiles.AuditFileEndToEndTests;

namespace DbLogs.Tests.AuditFiles;

/// <summary><c>dblogs rds auditlogs list|download</c> against the service collecting a real mariadbd.</summary>
public sealed class AuditCliTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditcli-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task An_empty_list_says_how_to_close_the_open_file_and_rotate_does_it()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, []);
        await AuditWorkload.PaddingAsync(server, "before rotate", 5);
        await service.CollectedAsync(server);
        var now = DateTimeOffset.UtcNow;
        string[] list = ["rds", "auditlogs", "list", "--instance", service.Instance, "--start", Utc(now.AddHours(-1)), "--end", Utc(now.AddHours(1))];

        var before = await RunAsync(service, list);
        var rotated = await RunAsync(service, ["rds", "auditlogs", "rotate", "--instance", service.Instance]);
        var after = await RunAsync(service, [.. list, "--json"]);

        Assert.True(before.ExitCode == 0, before.Err);
        Assert.Contains($"close it now with 'dblogs rds auditlogs rotate --instance {service.Instance}'", before.Out, StringComparison.Ordinal);
        Assert.True(rotated.ExitCode == 0, rotated.Err);
        Assert.Contains("Rotated", rotated.Out, StringComparison.Ordinal);
        Assert.True(after.ExitCode == 0, after.Err);
        Assert.Single(JsonDocument.Parse(after.Out).RootElement.GetProperty("auditlogs").EnumerateArray());
    }

    [Fact]
    public async Task List_then_download_saves_each_file_under_its_name_with_the_plugins_bytes()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 4096, AuditRotations = 30 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, ["--AuditFiles:SizeLimit=3000"]);
        await AuditWorkload.VariedAsync(server);
        await AuditWorkload.PaddingAsync(server, "cli", 40);
        await service.CollectedAsync(server);
        await service.RotateAsync();
        var now = DateTimeOffset.UtcNow;
        string[] window = ["--start", Utc(now.AddHours(-1)).Replace("Z", "+0000", StringComparison.Ordinal), "--end", Utc(now.AddHours(1))];

        var json = await RunAsync(service, ["rds", "auditlogs", "list", "--instance", service.Instance, .. window, "--json"]);
        Assert.True(json.ExitCode == 0, json.Err);
        var items = JsonDocument.Parse(json.Out).RootElement.GetProperty("auditlogs").EnumerateArray().ToList();
        Assert.True(items.Count >= 3, json.Out);

        var table = await RunAsync(service, ["rds", "auditlogs", "list", "--instance", service.Instance, .. window, "--limit", "2"]);
        Assert.True(table.ExitCode == 0, table.Err);
        Assert.Contains(items[0].GetProperty("id").GetString()!, table.Out, StringComparison.Ordinal);
        Assert.Contains($"2 shown, {items.Count} in the window.", table.Out, StringComparison.Ordinal);

        var ordered = items.OrderBy(AuditService.Sequence).ToList();
        var output = Path.Combine(_dir, "downloads");
        var download = await RunAsync(service,
            ["rds", "auditlogs", "download", "--instance", service.Instance, .. ordered.Select(i => i.GetProperty("id").GetString()!), "-o", output]);
        Assert.True(download.ExitCode == 0, download.Err);
        var saved = ordered.Select(i => File.ReadAllBytes(Path.Combine(output, i.GetProperty("name").GetString()!))).ToList();
        var plugin = Collected.Concatenate(server.AuditFiles());
        Assert.True(plugin.AsSpan().SequenceEqual(AuditService.Concat(saved)), "the saved files are not the plugin's records");
        Assert.Empty(Directory.EnumerateFiles(output, "*.part"));

        var unknown = await RunAsync(service, ["rds", "auditlogs", "download", "--instance", service.Instance, ordered[0].GetProperty("id").GetString()!, "nosuch0000br01"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("DBS.200001", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("nosuch0000br01", unknown.Err, StringComparison.Ordinal);

        var badTime = await RunAsync(service, ["rds", "auditlogs", "list", "--instance", service.Instance, "--start", "yesterday"]);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--start 'yesterday' is not a time", badTime.Err, StringComparison.Ordinal);

        var wrongKey = await RunAsync(service, ["rds", "auditlogs", "list", "--instance", service.Instance, "--sk", "not-the-secret"]);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("APIGW.0301", wrongKey.Err, StringComparison.Ordinal);

        var noKey = await RunAsync(service, ["rds", "auditlogs", "list", "--instance", service.Instance], withCredentials: false);
        Assert.Equal((2, "error: missing --ak: pass it or set DBLOGS_AK"), (noKey.ExitCode, noKey.Err.Trim()));
    }

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(AuditService service, string[] args, bool withCredentials = true)
    {
        var environment = CloudCli.Environment(service.Project);
        if (!withCredentials)
        {
            environment.Remove(CloudGlobalOptions.AkVariable);
            environment.Remove(CloudGlobalOptions.SkVariable);
        }

        var result = await CloudCli.RunAsync(service.App, environment, args);
        return (result.ExitCode, result.Out, result.Err);
    }
}
