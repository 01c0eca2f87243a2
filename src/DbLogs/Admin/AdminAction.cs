using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary>What every <c>admin</c> command shares: the settings, the global options, the way actions are run.</summary>
internal sealed class AdminContext(AdminCommandSettings settings, AdminGlobalOptions globals)
{
    public AdminCommandSettings Settings => settings;

    public AdminGlobalOptions Globals => globals;

    public TextWriter Error => settings.Error ?? Console.Error;

    public CliOutput CreateOutput(ParseResult parse) => new(settings.Out ?? Console.Out, settings.TerminalColumns,
        LocalTimeOption.Display(parse.GetValue(globals.Local), settings.LocalTimeZone));

    /// <summary>The action of a command that does something.</summary>
    public CommandLineAction Action(Func<AdminInvocation, CancellationToken, Task<int>> run) => new AdminAction(this, run);

    /// <summary>The action of a command that only groups others: names them and fails as a usage error.</summary>
    public CommandLineAction GroupAction() => new AdminAction(this, null);
}

/// <summary>
/// Runs an <c>admin</c> command and maps every outcome to an exit code: 0 success, 1 an API error, 2 a usage,
/// file or connection problem. Parse errors are taken over from System.CommandLine (which would exit with 1) so
/// that they, too, exit with 2.
/// </summary>
internal sealed class AdminAction(AdminContext context, Func<AdminInvocation, CancellationToken, Task<int>>? run) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var stderr = context.Error;
        var problems = UsageProblems(parseResult, run is null);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await stderr.WriteLineAsync($"error: {problem}");
            }

            await stderr.WriteLineAsync($"See '{CommandPath(parseResult)} --help'.");
            return AdminExitCodes.Usage;
        }

        try
        {
            using var invocation = new AdminInvocation(context, parseResult);
            return await run!(invocation, cancellationToken);
        }
        catch (AdminCliException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (CloudCliException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AdminExitCodes.Interrupted;
        }
    }

    /// <summary>The command as typed, without the executable's own name: <c>dblogs admin user list</c>.</summary>
    internal static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', ["dblogs", .. names]);
    }

    internal static List<string> UsageProblems(ParseResult parse, bool isGroup)
    {
        var unmatched = parse.UnmatchedTokens;
        // System.CommandLine reports each unmatched token as an error too; said once below, with a suggestion.
        var problems = parse.Errors.Select(e => e.Message)
            .Where(m => !unmatched.Any(t => m.Contains($"'{t}'", StringComparison.Ordinal) && m.StartsWith("Unrecognized", StringComparison.Ordinal)))
            .ToList();
        problems.AddRange(unmatched.Select(t => NearestName.For(t, parse.CommandResult) is { } near
            ? $"unrecognized command or argument '{t}'; did you mean '{near}'?"
            : $"unrecognized command or argument '{t}'"));
        if (problems.Count == 0 && isGroup)
        {
            var names = parse.CommandResult.Command.Subcommands.Select(c => c.Name);
            problems.Add($"'{CommandPath(parse)}' needs a command: {string.Join(", ", names)}");
        }

        return problems;
    }
}
