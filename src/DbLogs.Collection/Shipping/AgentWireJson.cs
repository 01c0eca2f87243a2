using System.Text.Json.Serialization;
using DbLogs.Collection.Mariadb;
using DbLogs.Core.Ingest;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// The JSON the agent exchanges with the ingest routes (snake_case, records of <see cref="IngestRoutes"/>), generated at
/// compile time: the native agent has no reflection-based serializer.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(GapReport))]
[JsonSerializable(typeof(SourceStatusReport))]
[JsonSerializable(typeof(SlowlogBatch))]
[JsonSerializable(typeof(SlowlogStatusReport))]
[JsonSerializable(typeof(NodeAuditPolicy))]
[JsonSerializable(typeof(AuditPolicyReport))]
internal sealed partial class AgentWireJson : JsonSerializerContext;
