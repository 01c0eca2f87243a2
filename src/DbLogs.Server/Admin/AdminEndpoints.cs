using System.Security.Cryptography;
using System.Text.Json;
using DbLogs.Core.Configuration;
using DbLogs.Server.Api;
using DbLogs.Server.Auth;
using DbLogs.Server.Bootstrap;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Admin;

/// <summary>
/// The admin API under <c>/admin/v1</c>: projects, users, access keys and instances. Every route needs the
/// admin key in <c>X-Admin-Key</c>.
/// </summary>
public static class AdminEndpoints
{
    private static readonly ServiceFamily Family = ServiceFamily.Instance;
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/v1").WithTags("Admin");
        admin.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (context.RequestServices.GetRequiredService<AdminCredentials>().Refusal(context.Request) is { } refusal)
            {
                return Family.Result(refusal);
            }

            try
            {
                return await next(invocation);
            }
            finally
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                {
                    // Deleted users, projects and instances lose their access with this very request, not after a TTL.
                    context.RequestServices.GetRequiredService<RegistryReadCache>().Clear();
                }
            }
        });

        admin.MapGet("/projects", async (IRegistryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListProjectsAsync(ct)).Select(p => new ProjectView(p.Id, p.Name, p.CreatedAt))));
        admin.MapPost("/projects", CreateProject);
        admin.MapDelete("/projects/{project_id}", async (string project_id, IRegistryStore store, CancellationToken ct) =>
            await store.DeleteProjectAsync(project_id, ct) ? Results.NoContent() : Family.Result(ServiceFamily.NotFound("The project")));

        admin.MapGet("/projects/{project_id}/users", async (string project_id, IRegistryStore store, CancellationToken ct) =>
            await store.GetProjectAsync(project_id, ct) is null
                ? Family.Result(ServiceFamily.NotFound("The project"))
                : Results.Ok((await store.ListUsersAsync(project_id, ct)).Select(u => new UserView(u.Id, u.ProjectId, u.Name, u.CreatedAt))));
        admin.MapPost("/projects/{project_id}/users", CreateUser);
        admin.MapDelete("/projects/{project_id}/users/{name}", async (string project_id, string name, IRegistryStore store, CancellationToken ct) =>
            await store.GetProjectAsync(project_id, ct) is null ? Family.Result(ServiceFamily.NotFound("The project"))
            : await store.DeleteUserAsync(project_id, name, ct) ? Results.NoContent() : Family.Result(ServiceFamily.NotFound("The user")));

        admin.MapGet("/projects/{project_id}/access-keys", async (string project_id, IRegistryStore store, CancellationToken ct) =>
            await store.GetProjectAsync(project_id, ct) is null
                ? Family.Result(ServiceFamily.NotFound("The project"))
                : Results.Ok((await store.ListAccessKeysAsync(project_id, ct)).Select(k => new AccessKeyView(k.Ak, k.ProjectId, k.CreatedAt))));
        admin.MapPost("/projects/{project_id}/access-keys", CreateAccessKey);
        admin.MapDelete("/projects/{project_id}/access-keys/{ak}", async (string project_id, string ak, IRegistryStore store, CancellationToken ct) =>
            await store.GetProjectAsync(project_id, ct) is null ? Family.Result(ServiceFamily.NotFound("The project"))
            : await store.DeleteAccessKeyAsync(project_id, ak, ct) ? Results.NoContent() : Family.Result(ServiceFamily.NotFound("The access key")));

        admin.MapGet("/projects/{project_id}/instances", ListInstances);
        admin.MapPost("/projects/{project_id}/instances", CreateInstance);
        admin.MapGet("/instances/{instance_id}", ShowInstance);
        admin.MapDelete("/instances/{instance_id}", async (string instance_id, IRegistryStore store, CancellationToken ct) =>
            await store.DeleteInstanceAsync(instance_id, ct) ? Results.NoContent() : Family.Result(ServiceFamily.NotFound("The instance")));
        admin.MapAdminCollection();
        admin.MapAdminNodes();
        return routes;
    }

    private static async Task<IResult> CreateProject(HttpContext context, IRegistryStore store, RegistryService registry, DbLogsOptions options)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
        if (error is not null)
        {
            return Family.Result(error);
        }

        return await Validated(async () =>
        {
            var reader = JsonObjectReader.Open(body, "", ["id", "name"]);
            var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.NameShape), BootstrapRules.Name, "name", BootstrapRules.NameShape);
            var id = reader.OptionalString("id", BootstrapRules.ProjectIdShape);
            if (id is not null)
            {
                BootstrapRules.Match(id, BootstrapRules.ProjectId, "id", BootstrapRules.ProjectIdShape);
            }

            if (await store.FindProjectByNameAsync(name, context.RequestAborted) is not null ||
                (id is not null && await store.GetProjectAsync(id, context.RequestAborted) is not null))
            {
                return Family.Result(ServiceFamily.Conflict(id is null ? $"A project named {name} already exists." : $"A project named {name} or with id {id} already exists."));
            }

            var (project, _) = await registry.EnsureProjectAsync(id, name, context.RequestAborted);
            return TypedResults.Created($"/admin/v1/projects/{project.Id}", new ProjectView(project.Id, project.Name, project.CreatedAt));
        });
    }

    private static async Task<IResult> CreateUser(HttpContext context, string project_id, IRegistryStore store, RegistryService registry,
        DbLogsOptions options)
    {
        return await WithProjectBody(context, project_id, store, options, async body =>
        {
            var reader = JsonObjectReader.Open(body, "", ["name", "password"]);
            var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.NameShape), BootstrapRules.Name, "name", BootstrapRules.NameShape);
            var password = reader.RequiredString("password", "a non-empty string");
            if (await store.GetUserAsync(project_id, name, context.RequestAborted) is not null)
            {
                return Family.Result(ServiceFamily.Conflict($"User {name} already exists in this project."));
            }

            var (user, _) = await registry.EnsureUserAsync(project_id, name, password, context.RequestAborted);
            return TypedResults.Created($"/admin/v1/projects/{project_id}/users/{user.Name}", new UserView(user.Id, user.ProjectId, user.Name, user.CreatedAt));
        });
    }

    private static async Task<IResult> CreateAccessKey(HttpContext context, string project_id, IRegistryStore store, RegistryService registry,
        DbLogsOptions options)
    {
        if (await store.GetProjectAsync(project_id, context.RequestAborted) is null)
        {
            return Family.Result(ServiceFamily.NotFound("The project"));
        }

        var body = default(JsonElement);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            ApiError? error;
            (body, error) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
            if (error is not null)
            {
                return Family.Result(error);
            }
        }

        return await Validated(async () =>
        {
            string? ak = null, sk = null;
            if (body.ValueKind == JsonValueKind.Object)
            {
                var reader = JsonObjectReader.Open(body, "", ["ak", "sk"]);
                ak = reader.OptionalString("ak", BootstrapRules.AkShape);
                sk = reader.OptionalString("sk", "a non-empty string");
                if (ak is not null)
                {
                    BootstrapRules.Match(ak, BootstrapRules.Ak, "ak", BootstrapRules.AkShape);
                }
            }

            ak ??= RandomToken("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
            sk ??= RandomToken("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
            if (await store.GetAccessKeyAsync(ak, context.RequestAborted) is not null)
            {
                return Family.Result(ServiceFamily.Conflict($"Access key {ak} already exists."));
            }

            await registry.EnsureAccessKeyAsync(project_id, ak, sk, context.RequestAborted);
            return TypedResults.Created($"/admin/v1/projects/{project_id}/access-keys/{ak}", new CreatedAccessKey(ak, sk, project_id));
        });
    }

    private static async Task<IResult> ListInstances(string project_id, IRegistryStore store, CancellationToken ct)
    {
        if (await store.GetProjectAsync(project_id, ct) is null)
        {
            return Family.Result(ServiceFamily.NotFound("The project"));
        }

        var summaries = new List<InstanceSummary>();
        foreach (var instance in await store.ListInstancesAsync(project_id, ct))
        {
            var nodes = await store.ListNodesAsync(instance.Id, ct);
            summaries.Add(new InstanceSummary(instance.Id, instance.ProjectId, instance.Name, EngineName(instance.Engine), nodes.Count, instance.CreatedAt));
        }

        return TypedResults.Ok(summaries);
    }

    private static async Task<IResult> CreateInstance(HttpContext context, string project_id, IRegistryStore store, RegistryService registry,
        DbLogsOptions options)
    {
        return await WithProjectBody(context, project_id, store, options, async body =>
        {
            var spec = BootstrapReader.ReadInstance(body, "", NoEnvironment);
            var taken = (spec.Id is not null && await store.GetInstanceAsync(spec.Id, context.RequestAborted) is not null) ||
                (await store.ListInstancesAsync(project_id, context.RequestAborted)).Any(i => i.Name == spec.Name);
            if (taken)
            {
                return Family.Result(ServiceFamily.Conflict($"Instance {spec.Id ?? spec.Name} already exists."));
            }

            var (instance, _) = await registry.EnsureInstanceAsync(project_id, spec, context.RequestAborted);
            return TypedResults.Created($"/admin/v1/instances/{instance.Id}", await TopologyAsync(store, instance, context.RequestAborted));
        });
    }

    private static async Task<IResult> ShowInstance(string instance_id, IRegistryStore store, CancellationToken ct)
    {
        var instance = instance_id.Length <= 64 ? await store.GetInstanceAsync(instance_id, ct) : null;
        return instance is null ? Family.Result(ServiceFamily.NotFound("The instance")) : TypedResults.Ok(await TopologyAsync(store, instance, ct));
    }

    private static async Task<InstanceTopology> TopologyAsync(IRegistryStore store, Instance instance, CancellationToken ct)
    {
        var nodes = await store.ListNodesAsync(instance.Id, ct);
        return new InstanceTopology(instance.Id, instance.ProjectId, instance.Name, EngineName(instance.Engine), instance.CreatedAt,
            [.. nodes.Select(n => new NodeView(n.Id, n.Shard, n.Ip, n.Port, n.Role, n.TimeZone, n.Socket, n.User, n.ProtectedPassword is not null, n.Logs))]);
    }

    private static string EngineName(Engine engine) => engine == Engine.Redis ? "redis" : "mysql";

    /// <summary>For routes that create something in a project: 404 for an unknown project, then the JSON body, then the step.</summary>
    private static async Task<IResult> WithProjectBody(HttpContext context, string projectId, IRegistryStore store, DbLogsOptions options,
        Func<JsonElement, Task<IResult>> step)
    {
        if (await store.GetProjectAsync(projectId, context.RequestAborted) is null)
        {
            return Family.Result(ServiceFamily.NotFound("The project"));
        }

        var (body, error) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
        return error is not null ? Family.Result(error) : await Validated(() => step(body));
    }

    /// <summary>Runs a body-validating step, answering a validation or conflict failure as 400 / 409.</summary>
    private static async Task<IResult> Validated(Func<Task<IResult>> step)
    {
        try
        {
            return await step();
        }
        catch (ConfigValidationException ex)
        {
            return Family.Result(Family.InvalidParameter(ex.KeyPath.Length == 0 ? "body" : ex.KeyPath, ex.Problem));
        }
        catch (RegistryConflictException ex)
        {
            return Family.Result(ServiceFamily.Conflict(ex.Message));
        }
    }

    private static string RandomToken(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
}
