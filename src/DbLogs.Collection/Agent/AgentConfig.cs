using System.Net;
using DbLogs.Collection.Redis;
using DbLogs.Collection.Tailing;

namespace DbLogs.Collection.Agent;

/// <summary>What <c>dblogs agent --config FILE</c> collects and where it ships it.</summary>
/// <param name="Servers">Base URLs of the DbLogs service's nodes, in the order the agent prefers them.</param>
/// <param name="AgentKey">Key issued by the admin API for one instance.</param>
/// <param name="StateDirectory">Where the checkpoint file lives.</param>
/// <param name="Slowlog">The Redis nodes whose SLOWLOG the agent polls, if any.</param>
/// <param name="BatchBytes">Largest chunk read and sent at once (a single longer line is sent whole).</param>
/// <param name="MetricsListen">Where the agent answers <c>GET /metrics</c>, if anywhere.</param>
/// <param name="Compress">Whether batches go zstd-compressed.</param>
public sealed record AgentConfig(IReadOnlyList<Uri> Servers, string AgentKey, string StateDirectory, int BatchBytes, IReadOnlyList<SourceSpec> Sources,
    SlowlogConfig? Slowlog = null, IPEndPoint? MetricsListen = null, bool Compress = true);
