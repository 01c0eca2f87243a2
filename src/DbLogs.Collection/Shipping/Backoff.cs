namespace DbLogs.Collection.Shipping;

/// <summary>Exponential backoff with jitter: 200 ms doubling to 10 s, reset after a success.</summary>
public sealed class Backoff
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);
    private TimeSpan _next = Initial;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(Max.Ticks, _next.Ticks * 2));
        return delay * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    public void Reset() => _next = Initial;
}
