namespace DbLogs.Collection.Parsing;

/// <summary>One statement of a MariaDB slow query log, with its sample normalised (literals as <c>N</c>) and its type.</summary>
/// <param name="StartTime">From <c>SET timestamp=</c> (when the statement started), else the record's <c># Time:</c>.</param>
/// <param name="ClientIp">The client's address, or its host name when the server logged no address (a socket connection).</param>
public sealed record SlowQueryRecord(
    DateTimeOffset StartTime,
    double QueryTimeSeconds,
    double LockTimeSeconds,
    long RowsSent,
    long RowsExamined,
    string Database,
    string User,
    string ClientIp,
    string QuerySample,
    string Type);
