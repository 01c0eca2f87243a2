using System.CommandLine;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Rds;
using DbLogs.Cli.Redis;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Cli;

/// <summary>Runs <c>dblogs redis …</c> and <c>dblogs rds …</c> in-process against a <see cref="TestApp"/>, with their own environment.</summary>
internal static class CloudCli
{
    /// <summary>The environment that points the commands at the test service as <paramref name="project"/>.</summary>
    public static Dictionary<string, string> Environment(TestProject project) => new()
    {
        [CloudGlobalOptions.EndpointVariable] = "http://localhost",
        [CloudGlobalOptions.ProjectVariable] = project.Id,
        [CloudGlobalOptions.AkVariable] = project.Ak,
        [CloudGlobalOptions.SkVariable] = project.Sk,
    };

    public static Task<CloudCliResult> RunAsync(TestApp app, TestProject project, params string[] args) =>
        RunAsync(app, Environment(project), args);

    public static async Task<CloudCliResult> RunAsync(TestApp app, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var settings = new CloudCommandSettings
        {
            HandlerFactory = ((TestServer)app.Services.GetRequiredService<IServer>()).CreateHandler,
            Out = stdout,
            Error = stderr,
            Environment = name => environment.GetValueOrDefault(name),
            Clock = app.Clock,
        };
        var root = new RootCommand("test") { RedisCommand.Create(settings), RdsCommand.Create(settings) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return new CloudCliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CloudCliResult(int ExitCode, string Out, string Err);
