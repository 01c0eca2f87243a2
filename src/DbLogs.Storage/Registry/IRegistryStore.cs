namespace DbLogs.Storage.Registry;

/// <summary>Projects, their users, access keys and database instances.</summary>
public interface IRegistryStore
{
    /// <summary>Throws when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken ct = default);

    Task<Project?> GetProjectAsync(string id, CancellationToken ct = default);
    Task<Project?> FindProjectByNameAsync(string name, CancellationToken ct = default);
    Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken ct = default);

    /// <summary>Inserts or renames; returns true when something changed.</summary>
    Task<bool> UpsertProjectAsync(Project project, CancellationToken ct = default);

    /// <summary>Deletes the project and everything that belongs to it.</summary>
    Task<bool> DeleteProjectAsync(string id, CancellationToken ct = default);

    Task<User?> GetUserAsync(string projectId, string name, CancellationToken ct = default);
    Task<User?> GetUserByIdAsync(string userId, CancellationToken ct = default);
    Task<IReadOnlyList<User>> ListUsersAsync(string projectId, CancellationToken ct = default);
    Task<bool> UpsertUserAsync(User user, CancellationToken ct = default);

    /// <summary>Deletes the user and revokes every token issued to it.</summary>
    Task<bool> DeleteUserAsync(string projectId, string name, CancellationToken ct = default);

    Task<AccessKey?> GetAccessKeyAsync(string ak, CancellationToken ct = default);
    Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string projectId, CancellationToken ct = default);
    Task<bool> UpsertAccessKeyAsync(AccessKey key, CancellationToken ct = default);
    Task<bool> DeleteAccessKeyAsync(string projectId, string ak, CancellationToken ct = default);

    Task<Instance?> GetInstanceAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Instance>> ListInstancesAsync(string projectId, CancellationToken ct = default);
    Task<IReadOnlyList<Node>> ListNodesAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Inserts or updates the instance and replaces its nodes; returns true when something changed.</summary>
    Task<bool> UpsertInstanceAsync(Instance instance, IReadOnlyList<Node> nodes, CancellationToken ct = default);

    Task<bool> DeleteInstanceAsync(string id, CancellationToken ct = default);
}
