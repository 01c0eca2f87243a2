using System.CommandLine;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Rds;
using DbLogs.Cli.Redis;
using DbLogs.Cli.Tail;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Cli;

/// <summary>Runs <c>dblogs redis …</c> and <c>dblogs rds …</c> in-process against a <see cref="TestApp"/>, with their own environment.</summary>
internal static class CloudCli
{
    /// <summary>The environment that points the commands at the test service as <paramref name="project"/>.</summary>
    public static Dictionary<string, string> Environment(TestProject project, string endpoint = "http://localhost") => new()
    {
        [CloudGlobalOptions.EndpointVariable] = endpoint,
        [CloudGlobalOptions.ProjectVariable] = project.Id,
        [CloudGlobalOptions.AkVariable] = project.Ak,
        [CloudGlobalOptions.SkVariable] = project.Sk,
    };

    public static Task<CloudCliResult> RunAsync(TestApp app, TestProject project, params string[] args) =>
        RunAsync(app, Environment(project, app.BaseUrl ?? "http://localhost"), args);

    public static Task<CloudCliResult> RunAsync(TestApp app, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(app, environment, CliTerminal.Piped, args);

    /// <summary>Runs with standard output as <paramref name="terminal"/> describes it: a terminal of some width, or piped.</summary>
    public static async Task<CloudCliResult> RunAsync(TestApp app, IReadOnlyDictionary<string, string> environment, CliTerminal terminal,
        params string[] args)
    {
        using var stdout = new StringWriter();
        return await RunAsync(app, environment, terminal, stdout, CancellationToken.None, args);
    }

    /// <summary>Runs with standard output into <paramref name="stdout"/> until done or <paramref name="ct"/> is cancelled (Ctrl-C).</summary>
    public static async Task<CloudCliResult> RunAsync(TestApp app, IReadOnlyDictionary<string, string> environment, CliTerminal terminal,
        StringWriter stdout, CancellationToken ct, params string[] args)
    {
        using var stderr = new StringWriter();
        var settings = new CloudCommandSettings
        {
            HandlerFactory = app.BaseUrl is null ? ((TestServer)app.Services.GetRequiredService<IServer>()).CreateHandler : () => new SocketsHttpHandler(),
            Out = stdout,
            Error = stderr,
            Environment = name => environment.GetValueOrDefault(name),
            Clock = app.Clock,
            TerminalColumns = terminal.Columns,
            LocalTimeZone = terminal.LocalZone ?? TimeZoneInfo.Utc,
        };
        var root = new RootCommand("test") { RedisCommand.Create(settings), RdsCommand.Create(settings), TailCommand.Create(settings) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
        return new CloudCliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CloudCliResult(int ExitCode, string Out, string Err);

/// <summary>What the CLI's standard output is in a test: a terminal <see cref="Columns"/> wide, or piped (<c>null</c>).</summary>
internal sealed record CliTerminal(int? Columns, TimeZoneInfo? LocalZone = null)
{
    public static CliTerminal Piped { get; } = new((int?)null);

    /// <summary>The text as the terminal shows it: without the escape sequences that make the headers bold.</summary>
    public static string Visible(string output) => System.Text.RegularExpressions.Regex.Replace(output, "\u001b\\[[0-9;]*m", string.Empty);

    /// <summary>A zone eight hours east of UTC, for <c>--local</c>.</summary>
    public static TimeZoneInfo PlusEight { get; } = TimeZoneInfo.CreateCustomTimeZone("Test/PlusEight", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
}
