using System.Globalization;
using System.Text.Json;
using DbLogs.Tests.AuditFiles;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.AuditSearch;

/// <summary>
/// A real mariadbd's audit records, collected by serve and indexed: each filter finds exactly the records of the plugin's
/// files that match it (computed here from the files' raw lines), a restart indexes nothing twice, and each record names
/// the audit file it was cut into.
/// </summary>
public sealed class AuditSearchEndToEndTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditsearch-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Every_filter_finds_exactly_the_plugins_matching_records_once_across_a_restart_each_in_its_file()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, []);
        await AuditWorkload.VariedAsync(server);
        await server.SqlAsync("CREATE TABLE shop.t50 (a INT);\nSELECT 'discount 50%_off' AS x;\nDROP TABLE shop.t50;");
        await IndexedAsync(service, server);

        await service.RestartAsync();
        await AuditWorkload.PaddingAsync(server, "after restart", 20);
        var lines = await IndexedAsync(service, server);

        await Expect(service, lines, "user=app", l => l.Field(2) == "app");
        await Expect(service, lines, "operation=FAILED_CONNECT", l => l.Field(6) == "FAILED_CONNECT");
        await Expect(service, lines, "operation=QUERY&user=root", l => l.Field(6) == "QUERY" && l.Field(2) == "root");
        await Expect(service, lines, "operation=DDL", l => l.Field(6) is "CREATE" or "DROP" or "ALTER" or "RENAME" ||
            (l.Field(6) == "QUERY" && l.Query is { } q && (q.StartsWith("'CREATE DATABASE", StringComparison.OrdinalIgnoreCase) ||
                q.StartsWith("'CREATE TABLE", StringComparison.OrdinalIgnoreCase) || q.StartsWith("'DROP TABLE", StringComparison.OrdinalIgnoreCase))));
        foreach (var keyword in new[] { "Grüße", "O''Brien\\'s", "50%_", "%", "_", "'", "\\", "C:\\", "日本", "select", "WHERE name LIKE" })
        {
            var escaped = keyword.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
            await Expect(service, lines, "keyword=" + Uri.EscapeDataString(keyword),
                l => l.Query?.Contains(escaped, StringComparison.OrdinalIgnoreCase) == true);
        }

        await Expect(service, lines, "keyword=after+restart+19&user=root", l => l.Field(2) == "root" &&
            l.Query is { } q && q.Contains("after restart", StringComparison.Ordinal) && q.Contains("19", StringComparison.Ordinal));

        // The multi-line statement comes back as the server sent it, whatever the plugin did with its line breaks.
        var multiLine = (await SearchAsync(service, "keyword=LIKE+shop.items")).records.Single().GetProperty("query").GetString()!;
        Assert.Matches(@"^SELECT\s+id,\s+name\s+FROM shop\.items\s+WHERE name LIKE '%\\\\\\\\%'$", multiLine);

        await service.RotateAsync();
        await service.CatchUpAsync();
        var files = (await service.ListAllAsync(Time(DateTimeOffset.UtcNow.AddHours(-1)), Time(DateTimeOffset.UtcNow.AddHours(1))))
            .Select(f => f.GetProperty("id").GetString()).ToHashSet();
        var all = await SearchAsync(service, "limit=1000");
        Assert.All(all.records, r => Assert.Contains(r.GetProperty("audit_file_id").GetString(), files));
    }

    private static async Task<List<AuditLine>> IndexedAsync(AuditService service, MariaDbServer server)
    {
        await service.CollectedAsync(server);
        var lines = AuditService.Text(Collected.Concatenate(server.AuditFiles())).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => new AuditLine(l)).ToList();
        var (total, _) = await SearchAsync(service, "limit=1");
        Assert.Equal(lines.Count, total);
        return lines;
    }

    private static async Task Expect(AuditService service, List<AuditLine> lines, string query, Func<AuditLine, bool> matches)
    {
        var expected = lines.Where(matches).Select(l => (l.Field(4), l.Field(5), l.Field(6))).Reverse().ToList();
        var (total, records) = await SearchAsync(service, query + "&limit=1000");
        Assert.True(expected.Count > 0, $"the workload should have records for {query}");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.ToHashSet(), records.Select(r => (Number(r, "connection_id"), Number(r, "query_id"), r.GetProperty("operation").GetString()!))
            .ToHashSet());
    }

    private static string Number(JsonElement record, string name) => record.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static async Task<(long total, List<JsonElement> records)> SearchAsync(AuditService service, string query)
    {
        var now = DateTimeOffset.UtcNow;
        var path = $"/dblogs/v1/{service.Project.Id}/instances/{service.Instance}/audit-records?start_time={Time(now.AddHours(-1))}&end_time={Time(now.AddHours(1))}&{query}";
        using var response = await service.App.SendSignedAsync(HttpMethod.Get, path, service.Project);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        return (body.GetProperty("total").GetInt64(), [.. body.GetProperty("records").EnumerateArray()]);
    }

    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture).Remove(22, 1));

    /// <summary>A raw line of the plugin's file: fields by comma, the quoted query of a QUERY as written (escaped).</summary>
    private sealed record AuditLine(string Text)
    {
        public string Field(int i) => Text.Split(',')[i];

        public string? Query
        {
            get
            {
                var at = NthComma(8);
                return at >= 0 && at + 1 < Text.Length && Text[at + 1] == '\'' ? Text[(at + 1)..Text.LastIndexOf(',')] : null;
            }
        }

        private int NthComma(int n)
        {
            var at = -1;
            for (var i = 0; i < n && (at = Text.IndexOf(',', at + 1)) >= 0; i++)
            {
            }

            return at;
        }
    }
}
