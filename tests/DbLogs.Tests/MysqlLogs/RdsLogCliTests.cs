using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Rds;
using DbLogs.Tests.Api.Rds;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.MysqlLogs;

/// <summary><c>dblogs rds errorlog|slowlog</c> against the real service, signed with the project's access key.</summary>
public class RdsLogCliTests
{
    private static Task<(int Exit, string Out, string Error)> RunAsync(RdsFixture f, Func<HttpMessageHandler, TextWriter, TextWriter, Command> create,
        params string[] args) => RunWithSecretAsync(f, f.Project.Sk, create, args);

    private static async Task<(int Exit, string Out, string Error)> RunWithSecretAsync(RdsFixture f, string sk,
        Func<HttpMessageHandler, TextWriter, TextWriter, Command> create, params string[] args)
    {
        var handler = ((TestServer)f.App.Services.GetRequiredService<IServer>()).CreateHandler();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = create(handler, stdout, stderr);
        var exit = await command.Parse([
            "--server", "http://localhost", "--ak", f.Project.Ak, "--sk", sk, "--project", f.Project.Id, "--instance", f.Instance, .. args,
        ]).InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Errorlog_lists_the_messages_of_the_last_day_and_filters_by_level()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddHours(-1), "WARNING", "Access denied for user 'nobody'@'localhost'");
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddHours(-2), "NOTE", "ready for connections");
        await f.Seeder.ErrorLogAsync(f.Instance, DateTimeOffset.UtcNow.AddDays(-2), "ERROR", "too old");

        var (exit, output, error) = await RunAsync(f, ErrorLogCommand.Create, "--level", "WARNING");

        Assert.True(exit == 0, error);
        Assert.Contains("Access denied for user 'nobody'@'localhost'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ready for connections", output, StringComparison.Ordinal);
        Assert.Contains("1 in all.", output, StringComparison.Ordinal);

        var (_, json, _) = await RunAsync(f, ErrorLogCommand.Create, "--json");
        using var body = JsonDocument.Parse(json);
        Assert.Equal(2, body.RootElement.GetProperty("total_record").GetInt64());
    }

    [Fact]
    public async Task Slowlog_lists_statements_and_their_statistics()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);
        for (var n = 0; n < 2; n++)
        {
            await f.Seeder.MysqlSlowAsync(f.Instance, DateTimeOffset.UtcNow.AddMinutes(-10 - n), 1.5, "SELECT SLEEP(N)", "SELECT");
        }

        await f.Seeder.MysqlSlowAsync(f.Instance, DateTimeOffset.UtcNow.AddMinutes(-5), 2, "UPDATE t SET a = N", "UPDATE");

        var (exit, output, error) = await RunAsync(f, SlowLogCommand.Create, "--type", "UPDATE");
        Assert.True(exit == 0, error);
        Assert.Contains("UPDATE t SET a = N", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SLEEP", output, StringComparison.Ordinal);

        var (_, stats, _) = await RunAsync(f, SlowLogCommand.Create, "--statistics", "--json");
        using var body = JsonDocument.Parse(stats);
        var top = body.RootElement.GetProperty("slowLogList")[0];
        Assert.Equal(("SELECT SLEEP(N)", "2"), (top.GetProperty("querySample").GetString(), top.GetProperty("count").GetString()));
    }

    [Fact]
    public async Task A_wrong_secret_key_prints_the_apis_error_and_exits_1()
    {
        await using var f = await RdsFixture.StartAsync(DateTimeOffset.UtcNow);

        var (exit, _, error) = await RunWithSecretAsync(f, "wrong", ErrorLogCommand.Create);

        Assert.Equal(1, exit);
        Assert.Contains("APIGW.", error, StringComparison.Ordinal);
    }
}
