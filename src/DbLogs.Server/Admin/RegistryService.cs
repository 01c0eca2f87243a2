using DbLogs.Core.Ids;
using DbLogs.Server.Auth.Passwords;
using DbLogs.Server.Bootstrap;
using DbLogs.Server.Secrets;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Admin;

/// <summary>
/// Idempotent writes to the registry, shared by the bootstrap file and the admin API: each "ensure" leaves
/// the store unchanged when it already holds what is asked for, and says whether it changed anything.
/// </summary>
public sealed class RegistryService(IRegistryStore store, SecretProtector secrets, TimeProvider clock)
{
    public async Task<(Project Project, bool Changed)> EnsureProjectAsync(string? id, string name, CancellationToken ct)
    {
        var byName = await store.FindProjectByNameAsync(name, ct);
        if (byName is not null && id is not null && byName.Id != id)
        {
            throw new RegistryConflictException($"project name {name} is already used by project {byName.Id}");
        }

        var existing = id is not null ? await store.GetProjectAsync(id, ct) : byName;
        var project = existing is null
            ? new Project(id ?? IdFormats.NewProjectId(), name, clock.GetUtcNow())
            : existing with { Name = name };
        return (project, await store.UpsertProjectAsync(project, ct));
    }

    public async Task<bool> EnsureAccessKeyAsync(string projectId, string ak, string sk, CancellationToken ct)
    {
        var existing = await store.GetAccessKeyAsync(ak, ct);
        if (existing is not null && existing.ProjectId != projectId)
        {
            throw new RegistryConflictException($"access key {ak} belongs to another project");
        }

        if (existing is not null && secrets.Unprotect(existing.ProtectedSecret) == sk)
        {
            return false;
        }

        return await store.UpsertAccessKeyAsync(new AccessKey(ak, projectId, secrets.Protect(sk), existing?.CreatedAt ?? clock.GetUtcNow()), ct);
    }

    public async Task<(User User, bool Changed)> EnsureUserAsync(string projectId, string name, string password, CancellationToken ct)
    {
        var existing = await store.GetUserAsync(projectId, name, ct);
        if (existing is not null && PasswordHasher.Verify(password, existing.PasswordHash))
        {
            return (existing, false);
        }

        var user = new User(existing?.Id ?? IdFormats.NewUuid(), projectId, name, PasswordHasher.Hash(password), existing?.CreatedAt ?? clock.GetUtcNow());
        await store.UpsertUserAsync(user, ct);
        return (user, true);
    }

    public async Task<(Instance Instance, bool Changed)> EnsureInstanceAsync(string projectId, InstanceSpec spec, CancellationToken ct)
    {
        var engine = spec.Engine == "redis" ? Engine.Redis : Engine.Mysql;
        Instance? existing;
        if (spec.Id is not null)
        {
            existing = await store.GetInstanceAsync(spec.Id, ct);
            if (existing is not null && existing.ProjectId != projectId)
            {
                throw new RegistryConflictException($"instance {spec.Id} belongs to another project");
            }
        }
        else
        {
            existing = (await store.ListInstancesAsync(projectId, ct)).FirstOrDefault(i => i.Name == spec.Name);
        }

        if (existing is not null && existing.Engine != engine)
        {
            throw new RegistryConflictException($"instance {existing.Id} is a {existing.Engine.ToString().ToLowerInvariant()} instance");
        }

        var instance = new Instance(
            existing?.Id ?? spec.Id ?? (engine == Engine.Redis ? IdFormats.NewDcsInstanceId() : IdFormats.NewRdsInstanceId()),
            projectId, spec.Name, engine, existing?.CreatedAt ?? clock.GetUtcNow());
        var current = existing is null ? [] : await store.ListNodesAsync(existing.Id, ct);
        var nodes = spec.Nodes.Select(n => ToNode(instance.Id, n, current.FirstOrDefault(c => c.Id == n.Id))).ToList();
        return (instance, await store.UpsertInstanceAsync(instance, nodes, ct));
    }

    private Node ToNode(string instanceId, NodeSpec spec, Node? current)
    {
        // Re-encrypting an unchanged password would change its bytes (fresh nonce) and make every start a change.
        var password = spec.Password is null ? null
            : current?.ProtectedPassword is { } kept && secrets.Unprotect(kept) == spec.Password ? kept
            : secrets.Protect(spec.Password);
        return new Node(instanceId, spec.Id, spec.Shard, spec.Ip, spec.Port, spec.Role, spec.TimeZone, spec.Socket, spec.User, password, spec.Logs);
    }
}
