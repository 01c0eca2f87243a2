namespace DbLogs.Collection.Mariadb;

/// <summary>The server refused the statements or could not be reached; the message is the server's or the driver's.</summary>
public sealed class MariadbClientException(string message) : Exception(message);
