namespace DbLogs.Collection.Mariadb;

/// <summary>
/// Applies each new policy version of an instance's nodes once and reports the outcome; a failed version is tried
/// (and reported) again on the next pass.
/// </summary>
public sealed class AuditPolicySync(IAuditPolicyChannel channel)
{
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);

    public async Task SyncAsync(string nodeId, CancellationToken ct)
    {
        var policy = await channel.FetchAsync(nodeId, ct);
        if (policy is null || (_applied.TryGetValue(nodeId, out var done) && done == policy.Version))
        {
            return;
        }

        string? failure = null;
        try
        {
            await ServerAuditApplier.ApplyAsync(policy, ct);
        }
        catch (MariadbClientException ex)
        {
            failure = ex.Message;
        }

        await channel.ReportAsync(nodeId, policy.Version, failure, ct);
        if (failure is null)
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
