using DbLogs.Server.Ingest;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole.Pages;

/// <summary>The project's instances, their nodes, and how the collection of each node's logs is doing.</summary>
public sealed class IndexModel(IRegistryStore registry, SourceHealth health) : ConsolePage
{
    public sealed record Row(Instance Instance, IReadOnlyList<Node> Nodes, IReadOnlyList<SourceView> Sources);

    public IReadOnlyList<Row> Instances { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var rows = new List<Row>();
        foreach (var instance in (await registry.ListInstancesAsync(CurrentUser.Project.Id, ct)).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            rows.Add(new Row(instance, await registry.ListNodesAsync(instance.Id, ct), await health.ListAsync(instance.Id, ct)));
        }

        Instances = rows;
    }
}
