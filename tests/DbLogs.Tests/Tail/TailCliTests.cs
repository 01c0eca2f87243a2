using DbLogs.Core.Logs;
using DbLogs.Server.Tail;
using DbLogs.Tests.Cli;
using DbLogs.Tests.RealServers;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Tail;

/// <summary><c>dblogs tail</c> in-process against a real redis-server's log: follows with <c>--grep</c>, ends with 0 on Ctrl-C; API errors exit 1.</summary>
public sealed class TailCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-tail-cli-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [Fact]
    public async Task Tail_prints_the_matching_lines_as_written_and_exits_0_on_ctrl_c()
    {
        await using var service = await RedisTailService.StartAsync(_dir);
        var environment = CloudCli.Environment(service.Project, service.App.BaseUrl!);
        using var stdout = new LockedStringWriter();
        using var ctrlC = new CancellationTokenSource();
        var run = CloudCli.RunAsync(service.App, environment, CliTerminal.Piped, stdout, ctrlC.Token,
            "tail", "--instance", service.Instance, "--node", "r1", "--kind", "redis-run", "--since", "1", "--grep", "keep-");
        var signals = service.App.Services.GetRequiredService<TailSignals>();
        var source = (await Collected.SourceAsync(service.App, LogKind.RedisRun))!;
        await TailWait.UntilAsync(() => run.IsCompleted || signals.Open(source.Id) == 1);
        Assert.False(run.IsCompleted, run.IsCompleted ? (await run).Err : "");

        foreach (var marker in new[] { "keep-1;", "skip-1;", "keep-2;", "skip-2;", "keep-3;" })
        {
            await service.LogAsync(marker);
        }

        await TailWait.UntilAsync(() => stdout.ToString().Contains("keep-3;", StringComparison.Ordinal), what: "the tail did not print keep-3");
        await ctrlC.CancelAsync();
        var result = await run.WaitAsync(SseClient.Timeout);
        Assert.Equal((0, ""), (result.ExitCode, result.Err));
        var expected = service.Lines().Where(l => l.Contains("keep-", StringComparison.Ordinal));
        Assert.Equal(expected, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_bad_kind_exits_1_with_the_APIs_error()
    {
        await using var service = await RedisTailService.StartAsync(_dir);
        var result = await CloudCli.RunAsync(service.App, service.Project, "tail", "--instance", service.Instance, "--node", "r1", "--kind", "mariadb-audit");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("DBS.200001", result.Err, StringComparison.Ordinal);
    }

    /// <summary>A StringWriter the test may read while the command writes to it.</summary>
    private sealed class LockedStringWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}
