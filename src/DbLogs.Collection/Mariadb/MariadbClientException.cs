namespace DbLogs.Collection.Mariadb;

/// <summary>The <c>mariadb</c> client could not run the statements; the message is the client's own error line.</summary>
public sealed class MariadbClientException(string message) : Exception(message);
