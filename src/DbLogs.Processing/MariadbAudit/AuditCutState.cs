using System.Text.Json;

namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// The open audit file of a source, kept as the cutter's cursor state: it starts at <see cref="FileStart"/> of the
/// stream and holds every complete line up to the cursor's position. Its id and uuid are chosen when it opens, so a
/// retry after a crash writes the same file again instead of a second one. <see cref="RotationsServed"/> counts the
/// rotate requests already acted on (<see cref="AuditRotateRequests"/>).
/// </summary>
internal sealed record AuditCutState(
    long FileStart,
    long Sequence,
    Guid Uuid,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? FirstTime,
    DateTimeOffset? LastTime,
    long RotationsServed = 0)
{
    public static AuditCutState Open(long at, long sequence, DateTimeOffset now, long rotationsServed) =>
        new(at, sequence, Guid.CreateVersion7(now), null, null, null, rotationsServed);

    public string Serialize() => JsonSerializer.Serialize(this);

    public static AuditCutState? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize<AuditCutState>(json);
}
