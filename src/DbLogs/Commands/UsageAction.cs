using System.CommandLine;
using System.CommandLine.Invocation;
using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Commands;

/// <summary>
/// The action of <c>dblogs</c> itself: a missing or mistyped command is a usage error (exit code 2) that names the
/// commands, or the nearest one, as the subcommands' own actions do.
/// </summary>
internal sealed class UsageAction : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        foreach (var problem in AdminAction.UsageProblems(parseResult, isGroup: true))
        {
            await Console.Error.WriteLineAsync($"error: {problem}");
        }

        await Console.Error.WriteLineAsync($"See '{AdminAction.CommandPath(parseResult)} --help'.");
        return AdminExitCodes.Usage;
    }
}
