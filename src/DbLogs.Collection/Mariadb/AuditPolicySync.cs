namespace DbLogs.Collection.Mariadb;

/// <summary>
/// Applies each new policy version of an instance's nodes once and reports the outcome with what the server's audit
/// plugin then does; a failed version is tried (and reported) again on the next pass. Between versions, a pass reports
/// only when the server's audit state changed (e.g. set in my.cnf, or by hand).
/// </summary>
public sealed class AuditPolicySync(IAuditPolicyChannel channel)
{
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerAuditState> _observed = new(StringComparer.Ordinal);

    public async Task SyncAsync(string nodeId, CancellationToken ct)
    {
        var policy = await channel.FetchAsync(nodeId, ct);
        if (policy is null)
        {
            return;
        }

        var due = policy.Version > 0 && !(_applied.TryGetValue(nodeId, out var done) && done == policy.Version);
        string? failure = null;
        if (due)
        {
            try
            {
                await ServerAuditApplier.ApplyAsync(policy, ct);
            }
            catch (MariadbClientException ex)
            {
                failure = ex.Message;
            }
        }

        var observed = await ServerAuditApplier.ObserveAsync(policy.Connection, ct);
        if (!due && _observed.TryGetValue(nodeId, out var last) && last == observed)
        {
            return;
        }

        await channel.ReportAsync(nodeId, new AuditPolicyOutcome(due ? policy.Version : 0, failure, observed), ct);
        _observed[nodeId] = observed;
        if (due && failure is null)
        {
            _applied[nodeId] = policy.Version;
        }
    }

    /// <summary>The agent's loop: every <paramref name="interval"/>, each node; <paramref name="onError"/> hears what went wrong.</summary>
    public async Task RunAsync(IReadOnlyList<string> nodeIds, TimeSpan interval, TimeProvider clock, Action<string, Exception> onError,
        CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var nodeId in nodeIds)
            {
                try
                {
                    await SyncAsync(nodeId, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    onError(nodeId, ex);
                }
            }

            try
            {
                await Task.Delay(interval, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
