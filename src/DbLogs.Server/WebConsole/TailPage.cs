using DbLogs.Core.Logs;
using DbLogs.Server.Tail;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using Microsoft.AspNetCore.Mvc;

namespace DbLogs.Server.WebConsole;

/// <summary>
/// An instance's live tail page. Its <c>stream</c> handler is the tail route itself behind the console's session and
/// project check: same query, same limits, same events, so the page's script needs no token.
/// </summary>
public abstract class TailPage(Engine engine) : InstancePage(engine)
{
    public IReadOnlyList<string> Kinds { get; } = engine == Engine.Redis
        ? [LogKind.RedisRun.Name()]
        : [LogKind.MariadbError.Name(), LogKind.MariadbSlow.Name(), LogKind.MariadbAudit.Name()];

    public string Selected(string name) => Request.Query[name].ToString();

    public async Task<IActionResult> OnGetStreamAsync()
    {
        var services = HttpContext.RequestServices;
        var result = await TailEndpoints.ServeAsync(HttpContext, Instance, services.GetRequiredService<ISourceStore>(),
            services.GetRequiredService<IRegistryStore>(), services.GetRequiredService<IStreamStore>(), services.GetRequiredService<TailSignals>(),
            services.GetRequiredService<DbLogsOptions>());
        await result.ExecuteAsync(HttpContext);
        return new EmptyResult();
    }
}
