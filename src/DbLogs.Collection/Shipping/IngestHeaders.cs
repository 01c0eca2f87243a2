namespace DbLogs.Collection.Shipping;

/// <summary>Headers of the ingest routes that both the agent and the service use.</summary>
public static class IngestHeaders
{
    /// <summary>The sending collector's id: one collector owns a source at a time (the service refuses a second one).</summary>
    public const string Collector = "X-DbLogs-Collector";
}
