using System.Globalization;
using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Collection.EndToEnd;

/// <summary>A real mariadbd's audit, slow and error logs, rotated the way the plugin and Debian do, collected byte for byte by serve.</summary>
public class MariaDbLogTests(MariaDbTemplate template) : OnEachStore, IClassFixture<MariaDbTemplate>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-real-mariadb-").FullName;

    public override Task DisposeAsync()
    {
        ServerTools.DeleteDirectory(_dir);
        return base.DisposeAsync();
    }

    private string Bootstrap(MariaDbServer server, object logs) => Collected.WriteBootstrap(_dir, new
    {
        id = Guid.NewGuid().ToString("N") + "in01",
        name = "db-real",
        engine = "mysql",
        nodes = new[]
        {
            new { id = "n1", ip = "127.0.0.1", port = server.Port, time_zone = "UTC", socket = server.Socket, user = "root", logs },
        },
    });

    [Fact]
    public async Task Audit_records_across_the_plugins_own_rotations_are_stored_exactly_once_in_order()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 4096, AuditRotations = 20 }, template);
        await using var service = await CollectingService.StartAsync(Bootstrap(server, new { audit = server.AuditLog }), Store);
        var app = service.App;

        await AuditWorkload.VariedAsync(server);

        // ~150 bytes a record: the 4 KiB files rotate every ~25 statements, while the collector reads.
        for (var round = 0; round < 6; round++)
        {
            var batch = new StringBuilder();
            for (var i = 0; i < 25; i++)
            {
                batch.Append(CultureInfo.InvariantCulture, $"SELECT {round}, {i}, 'padding to make the audit file rotate soon, with ''quotes'' and \\\\ backslashes';\n");
            }

            await server.SqlAsync(batch.ToString());
            await Task.Delay(50);
        }

        var files = server.AuditFiles();
        Assert.True(files.Count >= 4, $"expected the plugin to rotate at least 3 times; files: {string.Join(", ", files)}");
        Assert.True(files.Count <= 20, "the plugin overwrote its oldest rotation: the test wrote too much");
        Assert.Contains(files, f => f.EndsWith("audit.log.01", StringComparison.Ordinal));

        var stored = Encoding.UTF8.GetString(
            await Collected.AssertEventuallyEqualAsync(app, LogKind.MariadbAudit, () => Collected.Concatenate(server.AuditFiles())));
        Assert.DoesNotContain(AuditWorkload.Password, stored, StringComparison.Ordinal);
        Assert.Contains("IDENTIFIED BY *****", stored, StringComparison.Ordinal);
        Assert.Contains(",nobody,localhost,", stored, StringComparison.Ordinal);
        Assert.Contains("FAILED_CONNECT", stored, StringComparison.Ordinal);
        Assert.Contains("Grüße 日本 🎉", stored, StringComparison.Ordinal);
        Assert.Contains(@"O\'\'Brien\\\'s", stored, StringComparison.Ordinal);
        Assert.Equal(files.Count, (await Collected.FilesAsync(app, LogKind.MariadbAudit)).Count);
        await Collected.AssertNoGapsAsync(app, LogKind.MariadbAudit);
    }

    [Fact]
    public async Task Slow_and_error_logs_rotated_like_debian_are_stored_exactly_once_in_order()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { LongQueryTime = 0.05 }, template);
        await using var service = await CollectingService.StartAsync(Bootstrap(server, new { slow = server.SlowLog, error = server.ErrorLog }), Store);
        var app = service.App;

        await server.SqlAsync("SELECT SLEEP(0.1);\nSELECT SLEEP(0.1),\n  'two\nlines';");
        Assert.NotEqual(0, (await server.TryClientAsync("SELECT 1;", "nobody", "wrong")).ExitCode); // an error log warning

        // Debian's logrotate: rename, then flush (the server reopens). Until the flush the server writes the old files.
        var slowRotated = server.SlowLog + ".1";
        var errorRotated = server.ErrorLog + ".1";
        File.Move(server.SlowLog, slowRotated);
        File.Move(server.ErrorLog, errorRotated);
        await server.SqlAsync("SELECT SLEEP(0.1), 'after the rename';");
        Assert.NotEqual(0, (await server.TryClientAsync("SELECT 1;", "nobody", "after-rename")).ExitCode);
        await server.AdminAsync("flush-error-log", "flush-slow-log");
        await server.SqlAsync("SELECT SLEEP(0.1), 'after the flush';");
        Assert.NotEqual(0, (await server.TryClientAsync("SELECT 1;", "nobody", "after-flush")).ExitCode);

        Assert.Contains("after the rename", File.ReadAllText(slowRotated), StringComparison.Ordinal);
        Assert.Contains("after the flush", File.ReadAllText(server.SlowLog), StringComparison.Ordinal);
        var slow = Encoding.UTF8.GetString(
            await Collected.AssertEventuallyEqualAsync(app, LogKind.MariadbSlow, () => Collected.Concatenate([slowRotated, server.SlowLog])));
        Assert.Contains("# Query_time: ", slow, StringComparison.Ordinal);
        Assert.Contains("  'two\nlines';", slow, StringComparison.Ordinal);

        var error = Encoding.UTF8.GetString(
            await Collected.AssertEventuallyEqualAsync(app, LogKind.MariadbError, () => Collected.Concatenate([errorRotated, server.ErrorLog])));
        Assert.Contains("ready for connections", error, StringComparison.Ordinal);
        Assert.Contains("[Warning] Access denied for user 'nobody'@'localhost'", File.ReadAllText(server.ErrorLog), StringComparison.Ordinal);

        foreach (var kind in new[] { LogKind.MariadbSlow, LogKind.MariadbError })
        {
            Assert.Equal(2, (await Collected.FilesAsync(app, kind)).Count);
            await Collected.AssertNoGapsAsync(app, kind);
        }
    }
}

public sealed class MariaDbLogOnPostgresTests(MariaDbTemplate template) : MariaDbLogTests(template)
{
    protected override bool OnPostgres => true;
}
