namespace DbLogs.Server.Dcs;

// Wire shapes of spec/dcs-v2-logs.md; property names become snake_case on the wire.

public sealed record RunlogItem(string Id, string FileName, string GroupName, string ReplicationIp, string Status, string Time, string BackupId);

public sealed record ListRedislogResponse(long TotalNum, IReadOnlyList<RunlogItem> FileList);

public sealed record RedislogLinkResponse(string Id, string BackupId, string Link);

public sealed record SlowlogItem(
    long Id,
    string Command,
    string StartTime,
    string Duration,
    string ShardName,
    int DatabaseId,
    string Username,
    string NodeRole,
    string ClientIp);

public sealed record ListSlowlogResponse(long TotalNum, int Count, IReadOnlyList<SlowlogItem> Slowlogs);
