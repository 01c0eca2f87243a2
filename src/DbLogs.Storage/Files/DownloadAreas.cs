namespace DbLogs.Storage.Files;

/// <summary>The kinds of collected file a download link can name; each is a folder of the collected file store.</summary>
public static class DownloadAreas
{
    public const string RunLog = "runlog";
    public const string AuditLog = "auditlog";

    public static bool IsKnown(string area) => area is RunLog or AuditLog;
}
