using System.Text.Json;

namespace DbLogs.Server.Ingest;

/// <summary>The agent-facing routes' JSON: snake_case, as the agent writes it (DbLogs.Collection's <c>AgentWireJson</c>).</summary>
internal static class IngestJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
