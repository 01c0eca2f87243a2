using DbLogs.Storage.Registry;

namespace DbLogs.Storage.Sql;

/// <summary>Whether an instance's stored nodes already are the given ones, so an unchanged upsert writes nothing.</summary>
internal static class NodeComparison
{
    /// <summary>Whether <paramref name="store"/> already holds the instance exactly so, nodes and all.</summary>
    public static async Task<bool> UnchangedAsync(IRegistryStore store, Instance instance, IReadOnlyList<Node> nodes, CancellationToken ct) =>
        await store.GetInstanceAsync(instance.Id, ct) is { } existing && existing.ProjectId == instance.ProjectId && existing.Name == instance.Name &&
        existing.Engine == instance.Engine && Equal(await store.ListNodesAsync(instance.Id, ct), nodes);

    public static bool Equal(IReadOnlyList<Node> a, IReadOnlyList<Node> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x with { ProtectedPassword = null, Logs = EmptyLogs } != y with { ProtectedPassword = null, Logs = EmptyLogs } ||
                !x.Logs.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(y.Logs.OrderBy(p => p.Key, StringComparer.Ordinal)) ||
                !(x.ProtectedPassword ?? []).AsSpan().SequenceEqual(y.ProtectedPassword ?? []) ||
                (x.ProtectedPassword is null) != (y.ProtectedPassword is null))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLogs = new Dictionary<string, string>();
}
