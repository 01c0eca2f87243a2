using System.CommandLine;
using System.CommandLine.Invocation;
using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// The action of every <c>dblogs redis|rds …</c> command: parse errors (which System.CommandLine would exit with 1)
/// and a group without its command exit with 2 like the other usage errors; the rest runs through
/// <see cref="CloudInvocation.RunAsync"/>.
/// </summary>
internal sealed class CloudAction(CloudCommandSettings settings, CloudGlobalOptions globals, Func<CloudInvocation, CancellationToken, Task>? run = null)
    : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var problems = AdminAction.UsageProblems(parseResult, run is null);
        if (problems.Count == 0)
        {
            return await CloudInvocation.RunAsync(settings, globals, parseResult, run!, cancellationToken);
        }

        var stderr = settings.Error ?? Console.Error;
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync($"error: {problem}");
        }

        await stderr.WriteLineAsync($"See '{AdminAction.CommandPath(parseResult)} --help'.");
        return AdminExitCodes.Usage;
    }
}
