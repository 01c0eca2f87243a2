namespace DbLogs.Server.Api;

/// <summary>An error as one API family reports it: HTTP status, code and message.</summary>
public sealed record ApiError(int Status, string Code, string Message);
