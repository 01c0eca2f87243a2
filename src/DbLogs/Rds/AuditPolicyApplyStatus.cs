using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Rds;

/// <summary>The <c>dblogs_apply_status</c> object of <c>GET …/auditlog-policy</c>: how the latest change went on each node.</summary>
internal sealed record AuditPolicyApplyStatus(string State, long Version, IReadOnlyList<AuditPolicyApplyStatus.Node> Nodes)
{
    public sealed record Node(string Id, string State, string? Reason, string? Logging, string? Events, string? ObserveError, string? ObservedAt);

    public bool Settled => State is "APPLIED" or "FAILED" or "NOT_SET";

    public static AuditPolicyApplyStatus? From(JsonElement policy) =>
        policy.TryGetProperty("dblogs_apply_status", out var status) && status.ValueKind == JsonValueKind.Object
            ? new(status.Field("state") ?? "?", status.TryGetProperty("version", out var v) && v.TryGetInt64(out var version) ? version : 0,
                [.. status.GetProperty("nodes").EnumerateArray().Select(n => new Node(n.Field("node_id") ?? "?", n.Field("state") ?? "?",
                    n.Field("reason"), n.Field("server_audit_logging"), n.Field("server_audit_events"), n.Field("observe_error"),
                    n.Field("observed_at")))])
            : null;

    /// <summary>One line per outcome: "Applied on n1, n2." and "Not applied on n3: reason".</summary>
    public IEnumerable<string> Outcome()
    {
        var applied = Nodes.Where(n => n.State == "APPLIED").Select(n => n.Id).ToList();
        if (applied.Count > 0)
        {
            yield return $"Applied on {string.Join(", ", applied)}.";
        }

        foreach (var node in Nodes.Where(n => n.State != "APPLIED"))
        {
            yield return $"Not applied on {node.Id}: {node.Reason ?? node.State.ToLowerInvariant().Replace('_', ' ')}";
        }
    }

    public void Print(CliOutput output)
    {
        output.Line($"change:      {(Version == 0 ? "none requested through DbLogs" : $"version {Version}, {State.ToLowerInvariant().Replace('_', ' ')}")}");
        var table = new CliTable("NODE", "CHANGE", "SERVER AUDIT", "SEEN", "DETAIL").Truncate("DETAIL");
        foreach (var node in Nodes)
        {
            var audit = node.Logging is null ? "unknown" : node.Logging + (node.Events is { Length: > 0 } events ? $" ({events})" : string.Empty);
            table.Row(node.Id, node.State.ToLowerInvariant().Replace('_', ' '), audit, output.Time(node.ObservedAt), node.Reason ?? node.ObserveError);
        }

        output.Table(table);
    }
}
