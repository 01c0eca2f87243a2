namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// When the audit stream of a node is cut into a new file (configuration section <c>AuditFiles</c>, e.g.
/// <c>--AuditFiles:SizeLimit=1048576 --AuditFiles:TimeLimit=00:10:00</c>): whichever limit is reached first.
/// </summary>
public sealed class AuditFileOptions
{
    public const string Section = "AuditFiles";

    /// <summary>A file is closed after the record that brings it to this many bytes (so it may exceed it by one record).</summary>
    public long SizeLimit { get; set; } = 20L << 20;

    /// <summary>A file is closed once it has been open this long, or before a record this much later than its first.</summary>
    // Five minutes, so a quiet server's first audit file is listed within minutes of collection starting.
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMinutes(5);
}
