namespace DbLogs.Collection.Mariadb;

/// <summary>
/// The audit policy one node must have: <see cref="KeepDays"/> 0 turns <c>server_audit</c> logging off, more turns it
/// on with <see cref="ServerAuditEvents"/> (empty: every event). <see cref="Version"/> is what the collector reports on.
/// </summary>
public sealed record NodeAuditPolicy(long Version, int KeepDays, string ServerAuditEvents, MariadbConnection Connection);
