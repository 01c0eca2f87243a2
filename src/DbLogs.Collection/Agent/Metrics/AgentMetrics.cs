using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent.Metrics;

/// <summary>The agent's metrics, per source (node and kind: a bounded set, the sources of its configuration).</summary>
public static class AgentMetrics
{
    public static string Render(IReadOnlyList<SourceCollector> collectors, DateTimeOffset now)
    {
        var text = new PrometheusTextWriter();
        var lags = collectors.Select(c => c.Stats.Lag(now)).ToList();
        Write(text, collectors, "dblogs_agent_shipped_bytes_total", "counter", "Bytes the service acknowledged.", s => s.ShippedBytes);
        Write(text, collectors, "dblogs_agent_shipped_batches_total", "counter", "Batches the service acknowledged.", s => s.Batches);
        Write(text, collectors, "dblogs_agent_send_retries_total", "counter", "Sends that failed and were retried (the service down, slow or refusing).",
            s => s.Retries);
        Write(text, collectors, "dblogs_agent_source_error", "gauge", "1 while shipping the source fails or its file is missing, else 0.",
            s => s.Failing ? 1 : 0);
        Write(text, collectors, "dblogs_agent_gaps_total", "counter", "Gaps reported: bytes rotated away before they could be read.", s => s.Gaps);
        Write(text, collectors, "dblogs_agent_gap_bytes_total", "counter", "Bytes lost in reported gaps.", s => s.GapBytes);
        Write(text, collectors, "dblogs_agent_lag_bytes", "gauge", "Bytes of the current file read or waiting that the service has not acknowledged.",
            (_, i) => lags[i].Bytes);
        Write(text, collectors, "dblogs_agent_lag_seconds", "gauge", "Seconds since the last acknowledgement while the source lags, else 0.",
            (_, i) => lags[i].Seconds);
        return text.ToString();
    }

    private static void Write(PrometheusTextWriter text, IReadOnlyList<SourceCollector> collectors, string name, string type, string help,
        Func<CollectorStats, double> value) => Write(text, collectors, name, type, help, (s, _) => value(s));

    private static void Write(PrometheusTextWriter text, IReadOnlyList<SourceCollector> collectors, string name, string type, string help,
        Func<CollectorStats, int, double> value)
    {
        text.Family(name, type, help);
        for (var i = 0; i < collectors.Count; i++)
        {
            var source = collectors[i].Source;
            text.Sample(name, [("node", source.NodeId), ("kind", source.Kind.Name())], value(collectors[i].Stats, i));
        }
    }
}
