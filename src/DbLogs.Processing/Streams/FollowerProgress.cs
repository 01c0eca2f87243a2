using DbLogs.Storage.Sources;

namespace DbLogs.Processing.Streams;

/// <summary>
/// How far the followers of the main lane that keep a cursor over a source's stream have read it. Followers that run apart
/// (the audit record index) are left out: they read at their own, slower pace (about 1.3 MB/s for the record index), and
/// decompressing what they read costs them little next to their own work.
/// </summary>
public sealed class FollowerProgress(IEnumerable<IStreamFollower> followers)
{
    private readonly IStreamFollower[] _followers = [.. followers.Where(f => f.KeepsCursor && !f.RunsApart)];

    /// <summary>The stream position all of the source's main-lane followers have passed (its length when none follows it).</summary>
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
