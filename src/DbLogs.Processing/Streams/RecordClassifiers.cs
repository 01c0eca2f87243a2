using DbLogs.Core.Logs;
using DbLogs.Processing.MariadbAudit;
using DbLogs.Processing.MariadbError;
using DbLogs.Processing.MariadbSlow;
using DbLogs.Processing.RedisRun;

namespace DbLogs.Processing.Streams;

public static class RecordClassifiers
{
    public static IRecordClassifier Create(LogKind kind, TimeZoneInfo zone) => kind switch
    {
        LogKind.RedisRun => new RedisRunClassifier(zone),
        LogKind.MariadbAudit => new MariadbAuditClassifier(zone),
        LogKind.MariadbSlow => new MariadbSlowClassifier(zone),
        LogKind.MariadbError => new MariadbErrorClassifier(zone),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
