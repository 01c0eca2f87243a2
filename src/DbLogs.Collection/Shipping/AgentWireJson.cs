using System.Text.Json.Serialization;
using DbLogs.Collection.Mariadb;
using DbLogs.Collection.Redis;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// The JSON the agent exchanges with the ingest routes (snake_case), generated at compile time: the native agent
/// has no reflection-based serializer.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredResponse))]
[JsonSerializable(typeof(GapReport))]
[JsonSerializable(typeof(SourceStatusReport))]
[JsonSerializable(typeof(SlowlogBatch))]
[JsonSerializable(typeof(SlowlogStatusReport))]
[JsonSerializable(typeof(NodeAuditPolicy))]
[JsonSerializable(typeof(AuditPolicyReport))]
internal sealed partial class AgentWireJson : JsonSerializerContext;

/// <summary>The ingest routes' answer to a batch: the service holds the file up to <see cref="StoredOffset"/>.</summary>
internal sealed record StoredResponse(long StoredOffset);

/// <summary><c>POST /ingest/v1/gaps</c>: bytes of a file that were lost before the agent read them (the service reads it too).</summary>
public sealed record GapReport(string Node, string Kind, string FilePath, long Bytes, DateTimeOffset DetectedAt, string Reason);

/// <summary><c>POST /ingest/v1/status</c>: what the operator view shows as a source's last error.</summary>
internal sealed record SourceStatusReport(string Node, string Kind, string? LastError);

/// <summary><c>POST /ingest/v1/redis-slowlog/status</c>: a slowlog poller's last error, or null once it works again.</summary>
internal sealed record SlowlogStatusReport(string Node, string? LastError);

/// <summary>
/// <c>POST /ingest/v1/audit-policy/report</c>: whether a node now has policy <see cref="Version"/> (0: no change was
/// applied) and what its audit plugin does (<see cref="AuditLogging"/>, <see cref="AuditEvents"/>, or <see cref="ObserveError"/>).
/// </summary>
internal sealed record AuditPolicyReport(string NodeId, long Version, bool Applied, string? Reason, string? AuditLogging, string? AuditEvents,
    string? ObserveError);
