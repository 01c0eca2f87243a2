namespace DbLogs.Server.Admin;

public sealed record ProjectView(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record UserView(string Id, string ProjectId, string Name, DateTimeOffset CreatedAt);

/// <summary>An access key as listed; the SK is shown only once, in <see cref="CreatedAccessKey"/>.</summary>
public sealed record AccessKeyView(string Ak, string ProjectId, DateTimeOffset CreatedAt);

public sealed record CreatedAccessKey(string Ak, string Sk, string ProjectId);

public sealed record InstanceSummary(string Id, string ProjectId, string Name, string Engine, int NodeCount, DateTimeOffset CreatedAt);

public sealed record NodeView(
    string Id,
    string? Shard,
    string Ip,
    int Port,
    string? Role,
    string TimeZone,
    string? Socket,
    string? User,
    bool HasPassword,
    IReadOnlyDictionary<string, string> Logs);

public sealed record InstanceTopology(string Id, string ProjectId, string Name, string Engine, DateTimeOffset CreatedAt, IReadOnlyList<NodeView> Nodes);
