using DbLogs.Cli.Output;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// What the cloud-API commands (<c>dblogs redis …</c>) talk to, read and write. The defaults are the network, the
/// console and the process environment; tests run the commands in-process against a test server.
/// </summary>
public sealed class CloudCommandSettings
{
    private readonly int? _terminalColumns;
    private readonly bool _terminalColumnsGiven;

    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    /// <summary>Standard output (default: <see cref="Console.Out"/>, a terminal unless redirected).</summary>
    public TextWriter? Out { get; init; }

    public TextWriter? Error { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Signs <c>X-Sdk-Date</c>; the server accepts a skew of 15 minutes.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Whether standard output is a terminal (progress bars); false when <see cref="Out"/> is given.</summary>
    public bool IsTerminal => Out is null && !Console.IsOutputRedirected;

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
