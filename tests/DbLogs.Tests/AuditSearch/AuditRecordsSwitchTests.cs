using System.Globalization;
using System.Text.Json;
using DbLogs.Processing.Streams;
using DbLogs.Tests.AuditFiles;
using DbLogs.Tests.RealServers;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.AuditSearch;

/// <summary><c>--AuditRecords:Enabled=false</c>: a real mariadbd's audit is collected and cut into files, but no record is indexed.</summary>
public sealed class AuditRecordsSwitchTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditswitch-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task With_indexing_off_the_audit_files_are_cut_but_no_record_is_indexed()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 1 << 20 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, ["--AuditRecords:Enabled=false"]);
        await AuditWorkload.PaddingAsync(server, "not indexed", 20);
        await service.CollectedAsync(server);
        await service.RotateAsync();
        await service.CatchUpAsync();

        var now = DateTimeOffset.UtcNow;
        Assert.NotEmpty(await service.ListAllAsync(Time(now.AddHours(-1)), Time(now.AddHours(1))));
        Assert.DoesNotContain(service.App.Services.GetServices<IStreamFollower>(), f => f.Name == "audit-records");
        var path = $"/dblogs/v1/{service.Project.Id}/instances/{service.Instance}/audit-records?start_time={Time(now.AddHours(-1))}&end_time={Time(now.AddHours(1))}";
        using var response = await service.App.SendSignedAsync(HttpMethod.Get, path, service.Project);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt64());
    }

    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture).Remove(22, 1));
}
