namespace DbLogs.Tests.Tail;

internal static class TailWait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/> (20 s by default).</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var until = DateTime.UtcNow + (timeout ?? SseClient.Timeout);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, what ?? "the condition did not come true in time");
            await Task.Delay(50);
        }
    }
}
