using DbLogs.Core.Ids;
using DbLogs.Server.Auth;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Api;

/// <summary>Finds the caller's instance: another project's instance is reported exactly like a missing one.</summary>
public sealed class InstanceLookup(IRegistryStore store)
{
    // wrongEngine: what the family answers for an instance of another engine.
    public async Task<(Instance? Instance, ApiError? Error)> FindAsync(HttpContext context, IApiFamily family, string instanceId,
        Engine engine, ApiError wrongEngine)
    {
        if (!IdFormats.IsInstanceId(instanceId))
        {
            return (null, family.InvalidInstanceId);
        }

        var instance = await store.GetInstanceAsync(instanceId, context.RequestAborted);
        if (instance is null || instance.ProjectId != context.GetCaller().ProjectId)
        {
            return (null, family.InstanceNotFound);
        }

        return instance.Engine == engine ? (instance, null) : (null, wrongEngine);
    }
}
