using DbLogs.Core.Ids;
using DbLogs.Server.Auth;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Api;

/// <summary>
/// Resolves <c>{instance_id}</c> once per request for a cloud route group: a malformed id, an unknown instance and
/// another project's instance (reported exactly like an unknown one) are answered before any handler runs.
/// </summary>
public static class InstanceLookup
{
    private static readonly object Key = new();

    /// <summary>
    /// Adds the group <c>/instances/{instance_id}</c> whose handlers see the caller's instance of
    /// <paramref name="engine"/> (null: any) through <see cref="GetInstance"/>; an instance of another engine gets <paramref name="wrongEngine"/>.
    /// </summary>
    public static RouteGroupBuilder MapInstanceGroup(this RouteGroupBuilder projectGroup, IApiFamily family, Engine? engine, ApiError wrongEngine)
    {
        var group = projectGroup.MapGroup("/instances/{instance_id}");
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var id = context.Request.RouteValues["instance_id"] as string ?? string.Empty;
            if (!IdFormats.IsInstanceId(id))
            {
                return family.Result(family.InvalidInstanceId);
            }

            var instance = await FindAsync(context, id);
            if (instance is null || instance.ProjectId != context.GetCaller().ProjectId)
            {
                return family.Result(family.InstanceNotFound);
            }

            if (engine is { } wanted && instance.Engine != wanted)
            {
                return family.Result(wrongEngine);
            }

            context.Items[Key] = instance;
            return await next(invocation);
        });
        return group;
    }

    private static async Task<Instance?> FindAsync(HttpContext context, string id)
    {
        var cache = context.RequestServices.GetRequiredService<RegistryReadCache>().Instances;
        if (cache.TryGet(id, out var instance))
        {
            return instance;
        }

        var version = cache.Version;
        instance = await context.RequestServices.GetRequiredService<IRegistryStore>().GetInstanceAsync(id, context.RequestAborted);
        if (instance is not null)
        {
            cache.Set(id, instance, version);
        }

        return instance;
    }

    public static Instance GetInstance(this HttpContext context) =>
        context.Items[Key] as Instance ?? throw new InvalidOperationException("The route is not inside an instance group.");
}
