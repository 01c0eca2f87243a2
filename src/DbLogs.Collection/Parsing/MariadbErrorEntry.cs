namespace DbLogs.Collection.Parsing;

/// <summary>One message of a MariaDB error log with its level as the RDS API names it (NOTE, WARNING, ERROR, …).</summary>
/// <param name="Offset">Where the message starts, relative to the start of the record it was read from.</param>
public sealed record MariadbErrorEntry(int Offset, DateTimeOffset Time, string Level, string Content);
