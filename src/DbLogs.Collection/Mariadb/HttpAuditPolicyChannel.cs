using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DbLogs.Collection.Shipping;

namespace DbLogs.Collection.Mariadb;

/// <summary>The agent's side of <c>GET /ingest/v1/audit-policy</c> and <c>POST /ingest/v1/audit-policy/report</c>.</summary>
public sealed class HttpAuditPolicyChannel(HttpClient http, string agentKey) : IAuditPolicyChannel
{
    public async Task<NodeAuditPolicy?> FetchAsync(string nodeId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"ingest/v1/audit-policy?node_id={Uri.EscapeDataString(nodeId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await IngestException.FromAsync(response, ct);
        }

        return await response.Content.ReadFromJsonAsync(AgentWireJson.Default.NodeAuditPolicy, ct)
            ?? throw new IngestException("The service answered without a policy.", retryable: true);
    }

    public async Task ReportAsync(string nodeId, AuditPolicyOutcome outcome, CancellationToken ct)
    {
        var report = new AuditPolicyReport(nodeId, outcome.Version, outcome.Failure is null, outcome.Failure,
            outcome.Observed.Logging, outcome.Observed.Events, outcome.Observed.Error);
        using var request = new HttpRequestMessage(HttpMethod.Post, "ingest/v1/audit-policy/report")
        {
            Content = JsonContent.Create(report, AgentWireJson.Default.AuditPolicyReport),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await IngestException.FromAsync(response, ct);
        }
    }
}
