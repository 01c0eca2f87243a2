using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

/// <summary>How far every follower that keeps a cursor over a source's stream has read it.</summary>
public sealed class FollowerProgress(IEnumerable<IStreamFollower> followers)
{
    private readonly IStreamFollower[] _followers = [.. followers.Where(f => f.KeepsCursor)];

    /// <summary>The stream position all of the source's cursor-keeping followers have passed (its length when none follows it).</summary>
    public async Task<long> ReadByAllAsync(SourceRecord source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var position = source.Length;
        foreach (var follower in _followers.Where(f => f.Follows(source.Kind)))
        {
            var cursor = await follower.ReadCursorAsync(source.Id, ct);
            position = Math.Min(position, cursor?.Position ?? 0);
        }

        return position;
    }
}
