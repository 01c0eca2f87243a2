using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Cloud;

/// <summary>Ends a cloud-API command with a one-line message and an exit code (see <see cref="AdminExitCodes"/>).</summary>
public sealed class CloudCliException : Exception
{
    public CloudCliException()
    {
    }

    public CloudCliException(string message)
        : base(message)
    {
    }

    public CloudCliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CloudCliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public int ExitCode { get; } = AdminExitCodes.Usage;
}
