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

    /// <summary>An error the API answered: exit code 1, its status and code kept so that a command can explain it.</summary>
    public CloudCliException(int status, string apiCode, string message)
        : base(message) => (ExitCode, Status, ApiCode) = (AdminExitCodes.ApiError, status, apiCode);

    public int ExitCode { get; } = AdminExitCodes.Usage;

    /// <summary>The HTTP status of an API error, else 0.</summary>
    public int Status { get; }

    /// <summary>The API's <c>error_code</c> (<c>DCS.4001</c>, <c>APIGW.0301</c>), else <c>null</c>.</summary>
    public string? ApiCode { get; }
}
