using DbLogs.Core.Ids;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Mvc;

namespace DbLogs.Server.WebConsole;

/// <summary>
/// A page of one instance, <c>{id}</c> in its route: an unknown id, another project's instance and an instance of
/// another engine all answer the same 404 page.
/// </summary>
public abstract class InstancePage(Engine engine) : ConsolePage
{
    public Instance Instance { get; private set; } = null!;

    public IReadOnlyList<Node> Nodes { get; private set; } = [];

    protected override async Task<IActionResult?> BeforeHandlerAsync()
    {
        var id = RouteData.Values["id"] as string ?? string.Empty;
        var registry = HttpContext.RequestServices.GetRequiredService<IRegistryStore>();
        var instance = IdFormats.IsInstanceId(id) ? await registry.GetInstanceAsync(id, HttpContext.RequestAborted) : null;
        if (instance is null || instance.ProjectId != CurrentUser.Project.Id || instance.Engine != engine)
        {
            return NotFoundPage();
        }

        Instance = instance;
        Nodes = await registry.ListNodesAsync(instance.Id, HttpContext.RequestAborted);
        return null;
    }
}
