using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary>
/// What the <c>admin</c> commands talk to, read and write. The defaults are the network, the process's console
/// and environment; tests replace them to run the commands in-process against a test server.
/// </summary>
public sealed class AdminCommandSettings
{
    private readonly int? _terminalColumns;
    private readonly bool _terminalColumnsGiven;

    /// <summary>Makes the HTTP handler for one command run (default: a <see cref="SocketsHttpHandler"/>).</summary>
    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    /// <summary>Standard output (default: <see cref="Console.Out"/>, treated as a terminal unless redirected).</summary>
    public TextWriter? Out { get; init; }

    /// <summary>Standard error (default: <see cref="Console.Error"/>).</summary>
    public TextWriter? Error { get; init; }

    /// <summary>Looks up an environment variable (default: the process environment).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Shows the prompt and reads a secret without echo; answers <c>null</c> when there is no terminal to ask on
    /// (default: the console when standard input is a terminal).
    /// </summary>
    public Func<string, string?> PromptSecret { get; init; } = ConsoleSecretPrompt.Read;

    /// <summary>How long one request may take before the server counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The width of the terminal tables are drawn for, or <c>null</c> when standard output is not a terminal. Default:
    /// the console's width when it is a terminal and <see cref="Out"/> is not given.
    /// </summary>
    public int? TerminalColumns
    {
        get => _terminalColumnsGiven ? _terminalColumns : Out is null ? ConsoleTerminal.Columns() : null;
        init => (_terminalColumns, _terminalColumnsGiven) = (value, true);
    }

    /// <summary>The zone <c>--local</c> shows times in (default: this machine's).</summary>
    public TimeZoneInfo LocalTimeZone { get; init; } = TimeZoneInfo.Local;
}
