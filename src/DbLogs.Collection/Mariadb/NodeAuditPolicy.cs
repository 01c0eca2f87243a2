namespace DbLogs.Collection.Mariadb;

/// <summary>
/// The audit policy one node must have: <see cref="KeepDays"/> 0 turns <c>server_audit</c> logging off, more turns it
/// on with <see cref="ServerAuditEvents"/> (empty: every event). <see cref="Version"/> is what the collector reports on;
/// 0 means the instance has no policy yet and the collector only reports what the server does.
/// </summary>
public sealed record NodeAuditPolicy(long Version, int KeepDays, string ServerAuditEvents, MariadbConnection Connection);
