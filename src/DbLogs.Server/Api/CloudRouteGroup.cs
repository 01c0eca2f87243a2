using DbLogs.Server.Auth;

namespace DbLogs.Server.Api;

public static class CloudRouteGroup
{
    /// <summary>
    /// A route group under <c>{prefix}/{project_id}</c> whose every endpoint is authenticated and scoped to
    /// the path's project, answering failures in <paramref name="family"/>'s format.
    /// </summary>
    public static RouteGroupBuilder MapCloudGroup(this IEndpointRouteBuilder routes, string prefix, IApiFamily family, string tag)
    {
        var group = routes.MapGroup(prefix + "/{project_id}").WithTags(tag);
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var projectId = context.Request.RouteValues["project_id"] as string ?? string.Empty;
            var authenticator = context.RequestServices.GetRequiredService<CloudAuthenticator>();
            var (caller, error) = await authenticator.AuthenticateAsync(context, family, projectId);
            if (error is not null)
            {
                return family.Result(error);
            }

            context.SetCaller(caller!);
            return await next(invocation);
        });
        return group;
    }
}
