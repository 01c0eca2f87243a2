namespace DbLogs.Cli.Admin;

/// <summary>The exit codes of <c>dblogs admin</c>.</summary>
internal static class AdminExitCodes
{
    public const int Success = 0;

    /// <summary>The API answered with an error (printed as <c>error: CODE: message</c>).</summary>
    public const int ApiError = 1;

    /// <summary>The command line, a local file or the connection to the server is wrong.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}

/// <summary>Ends a command with a one-line message on standard error and an exit code; never shows a stack trace.</summary>
internal sealed class AdminCliException : Exception
{
    public AdminCliException()
    {
    }

    public AdminCliException(string message)
        : this(AdminExitCodes.Usage, message)
    {
    }

    public AdminCliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = AdminExitCodes.Usage;
    }

    public AdminCliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = AdminExitCodes.Usage;

    public static AdminCliException Usage(string message) => new(AdminExitCodes.Usage, message);
}
