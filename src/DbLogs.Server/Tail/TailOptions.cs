namespace DbLogs.Server.Tail;

/// <summary>Limits of the live tail (<c>--LiveTail:…</c>): what a slow or silent client may cost before it is dropped.</summary>
public sealed class TailOptions
{
    /// <summary>How far (in stream bytes) a client may fall behind the stored stream before it is dropped with a final event.</summary>
    public long MaxLagBytes { get; set; } = 8 << 20;

    /// <summary>How long one flush to a client may wait (its socket full: it stopped reading) before its connection is closed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an idle tail reads the stream's length from the store: appends another service node (or process) committed
    /// wake no tail here, so this bounds how late they are seen. Appends this node takes wake its tails at once.
    /// </summary>
    public TimeSpan StorePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle tail sends a comment, so that proxies and load balancers keep the connection open.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
