using System.Text.Json;
using DbLogs.Tests.AuditFiles;
using DbLogs.Tests.Cli;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.AuditSearch;

/// <summary><c>dblogs rds audit search</c> against the service indexing a real mariadbd: JSON lines when piped, a table on a terminal, API errors.</summary>
public sealed class AuditSearchCliTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditsearch-cli-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Search_prints_matching_records_as_json_lines_when_piped_and_as_a_table_on_a_terminal()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, []);
        await server.SqlAsync("SELECT 'needle-one' AS x;\nSELECT 'haystack' AS y;\nSELECT 'NEEDLE-two' AS z;");
        await service.CollectedAsync(server);
        var now = DateTimeOffset.UtcNow;
        string[] search = ["rds", "audit", "search", "--instance", service.Instance, "--user", "root", "--keyword", "needle",
            "--start", now.AddHours(-1).ToString("O"), "--end", now.AddHours(1).ToString("O")];
        var environment = CloudCli.Environment(service.Project);

        var piped = await CloudCli.RunAsync(service.App, environment, search);
        Assert.Equal((0, ""), (piped.ExitCode, piped.Err));
        var records = piped.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, records.Count);
        Assert.Contains("NEEDLE-two", records[0].GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("needle-one", records[1].GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.All(records, r => Assert.Equal("root", r.GetProperty("user").GetString()));

        var json = await CloudCli.RunAsync(service.App, environment, CliTerminal.Piped, [.. search, "--json", "--limit", "1"]);
        Assert.Single(json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var table = await CloudCli.RunAsync(service.App, environment, new CliTerminal(200), search);
        var visible = CliTerminal.Visible(table.Out);
        Assert.Contains("Query", visible, StringComparison.Ordinal);
        Assert.Contains("needle-one", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("haystack", visible, StringComparison.Ordinal);
        Assert.Contains("2 shown, 2 match.", visible, StringComparison.Ordinal);

        var tooMany = await CloudCli.RunAsync(service.App, environment, [.. search[..^6], "--keyword", string.Join(' ', Enumerable.Range(0, 11).Select(i => $"k{i}"))]);
        Assert.Equal(1, tooMany.ExitCode);
        Assert.Contains("DBS.200001", tooMany.Err, StringComparison.Ordinal);
    }
}
