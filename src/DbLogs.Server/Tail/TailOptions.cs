namespace DbLogs.Server.Tail;

/// <summary>Limits of the live tail (<c>--LiveTail:…</c>): what a slow or silent client may cost before it is dropped.</summary>
public sealed class TailOptions
{
    /// <summary>How far (in stream bytes) a client may fall behind the stored stream before it is dropped with a final event.</summary>
    public long MaxLagBytes { get; set; } = 8 << 20;

    /// <summary>How long one flush to a client may wait (its socket full: it stopped reading) before its connection is closed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle tail sends a comment, so that proxies and load balancers keep the connection open.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
