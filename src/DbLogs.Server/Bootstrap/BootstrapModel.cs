namespace DbLogs.Server.Bootstrap;

/// <summary>A validated bootstrap file (see <c>shared/spec/bootstrap.md</c>).</summary>
public sealed record BootstrapFile(IReadOnlyList<ProjectSpec> Projects);

/// <summary>A project with the users, access keys and instances the file declares for it.</summary>
public sealed record ProjectSpec(
    string? Id,
    string Name,
    IReadOnlyList<AccessKeySpec> AccessKeys,
    IReadOnlyList<UserSpec> Users,
    IReadOnlyList<InstanceSpec> Instances);

/// <summary>An access key pair; <see cref="Sk"/> is already resolved from <c>env:NAME</c>.</summary>
public sealed record AccessKeySpec(string Ak, string Sk);

/// <summary>A console user; <see cref="Password"/> is already resolved from <c>env:NAME</c>.</summary>
public sealed record UserSpec(string Name, string Password);

/// <summary>
/// A database instance. <see cref="Engine"/> is <c>redis</c> or <c>mysql</c>. For redis the nodes are the
/// replicas of all shards flattened in file order, each carrying its shard name; for mysql the <c>nodes</c>.
/// </summary>
public sealed record InstanceSpec(string? Id, string Name, string Engine, IReadOnlyList<NodeSpec> Nodes);

/// <summary>
/// One node of an instance. <see cref="Shard"/> and <see cref="Role"/> (<c>master</c>|<c>replica</c>) are set
/// for redis only; <see cref="Socket"/> and <see cref="User"/> for mysql only. <see cref="Logs"/> maps a log
/// kind (<c>run</c> for redis; <c>audit</c>, <c>slow</c>, <c>error</c> for mysql) to an absolute file path.
/// </summary>
public sealed record NodeSpec(
    string Id,
    string? Shard,
    string Ip,
    int Port,
    string? Role,
    string TimeZone,
    string? Socket,
    string? User,
    string? Password,
    IReadOnlyDictionary<string, string> Logs);
