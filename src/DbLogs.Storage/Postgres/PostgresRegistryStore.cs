using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresRegistryStore(PostgresDatabase db) : IRegistryStore
{
    private const string ProjectColumns = "id, name, created_at AS CreatedAt";
    private const string UserColumns = "id, project_id AS ProjectId, name, password_hash AS PasswordHash, created_at AS CreatedAt";
    private const string KeyColumns = "ak, project_id AS ProjectId, protected_secret AS ProtectedSecret, created_at AS CreatedAt";
    private const string InstanceColumns = "id, project_id AS ProjectId, name, engine, created_at AS CreatedAt";

    public Task PingAsync(CancellationToken ct = default) => db.ScalarAsync<int>("SELECT 1", null, ct);

    public Task<Project?> GetProjectAsync(string id, CancellationToken ct = default) =>
        db.SingleAsync<ProjectRow, Project>($"SELECT {ProjectColumns} FROM projects WHERE id = @id", new { id }, r => r.ToModel(), ct);

    public Task<Project?> FindProjectByNameAsync(string name, CancellationToken ct = default) =>
        db.SingleAsync<ProjectRow, Project>($"SELECT {ProjectColumns} FROM projects WHERE name = @name", new { name }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken ct = default) =>
        db.ListAsync<ProjectRow, Project>($"SELECT {ProjectColumns} FROM projects ORDER BY name", null, r => r.ToModel(), ct);

    public async Task<bool> UpsertProjectAsync(Project project, CancellationToken ct = default) =>
        await db.RunAsync(
            """
            INSERT INTO projects (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE projects.name <> excluded.name
            """, new { project.Id, project.Name, CreatedAt = UnixMs.From(project.CreatedAt) }, ct) > 0;

    public async Task<bool> DeleteProjectAsync(string id, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM projects WHERE id = @id", new { id }, ct) > 0;

    public Task<User?> GetUserAsync(string projectId, string name, CancellationToken ct = default) =>
        db.SingleAsync<UserRow, User>($"SELECT {UserColumns} FROM users WHERE project_id = @projectId AND name = @name", new { projectId, name },
            r => r.ToModel(), ct);

    public Task<User?> GetUserByIdAsync(string userId, CancellationToken ct = default) =>
        db.SingleAsync<UserRow, User>($"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<User>> ListUsersAsync(string projectId, CancellationToken ct = default) =>
        db.ListAsync<UserRow, User>($"SELECT {UserColumns} FROM users WHERE project_id = @projectId ORDER BY name", new { projectId },
            r => r.ToModel(), ct);

    public async Task<bool> UpsertUserAsync(User user, CancellationToken ct = default) =>
        await db.RunAsync(
            """
            INSERT INTO users (id, project_id, name, password_hash, created_at) VALUES (@Id, @ProjectId, @Name, @PasswordHash, @CreatedAt)
            ON CONFLICT (project_id, name) DO UPDATE SET password_hash = excluded.password_hash WHERE users.password_hash <> excluded.password_hash
            """, new { user.Id, user.ProjectId, user.Name, user.PasswordHash, CreatedAt = UnixMs.From(user.CreatedAt) }, ct) > 0;

    public async Task<bool> DeleteUserAsync(string projectId, string name, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM users WHERE project_id = @projectId AND name = @name", new { projectId, name }, ct) > 0;

    public Task<AccessKey?> GetAccessKeyAsync(string ak, CancellationToken ct = default) =>
        db.SingleAsync<AccessKeyRow, AccessKey>($"SELECT {KeyColumns} FROM access_keys WHERE ak = @ak", new { ak }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string projectId, CancellationToken ct = default) =>
        db.ListAsync<AccessKeyRow, AccessKey>($"SELECT {KeyColumns} FROM access_keys WHERE project_id = @projectId ORDER BY ak", new { projectId },
            r => r.ToModel(), ct);

    public async Task<bool> UpsertAccessKeyAsync(AccessKey key, CancellationToken ct = default) =>
        await db.RunAsync(
            """
            INSERT INTO access_keys (ak, project_id, protected_secret, created_at) VALUES (@Ak, @ProjectId, @ProtectedSecret, @CreatedAt)
            ON CONFLICT (ak) DO UPDATE SET project_id = excluded.project_id, protected_secret = excluded.protected_secret
            """, new { key.Ak, key.ProjectId, key.ProtectedSecret, CreatedAt = UnixMs.From(key.CreatedAt) }, ct) > 0;

    public async Task<bool> DeleteAccessKeyAsync(string projectId, string ak, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM access_keys WHERE project_id = @projectId AND ak = @ak", new { projectId, ak }, ct) > 0;

    public Task<Instance?> GetInstanceAsync(string id, CancellationToken ct = default) =>
        db.SingleAsync<InstanceRow, Instance>($"SELECT {InstanceColumns} FROM instances WHERE id = @id", new { id }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<Instance>> ListInstancesAsync(string projectId, CancellationToken ct = default) =>
        db.ListAsync<InstanceRow, Instance>($"SELECT {InstanceColumns} FROM instances WHERE project_id = @projectId ORDER BY name",
            new { projectId }, r => r.ToModel(), ct);

    public Task<IReadOnlyList<Node>> ListNodesAsync(string instanceId, CancellationToken ct = default) =>
        db.ListAsync<NodeRow, Node>(
            """
            SELECT instance_id AS InstanceId, id, shard, ip, port, role, time_zone AS TimeZone, socket, user_name AS UserName,
                   protected_password AS ProtectedPassword, logs
            FROM nodes WHERE instance_id = @instanceId ORDER BY position
            """, new { instanceId }, r => r.ToModel(), ct);

    public async Task<bool> UpsertInstanceAsync(Instance instance, IReadOnlyList<Node> nodes, CancellationToken ct = default)
    {
        if (await NodeComparison.UnchangedAsync(this, instance, nodes, ct))
        {
            return false;
        }

        // The statements of one command commit together: the instance row, its old nodes gone, its new ones in.
        await db.RunAsync(
            """
            INSERT INTO instances (id, project_id, name, engine, created_at) VALUES (@Id, @ProjectId, @Name, @Engine, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, name = excluded.name, engine = excluded.engine;
            DELETE FROM nodes WHERE instance_id = @Id;
            INSERT INTO nodes (instance_id, id, shard, ip, port, role, time_zone, socket, user_name, protected_password, logs, position)
            SELECT @Id, n.id, n.shard, n.ip, n.port, n.role, n.time_zone, n.socket, n.user_name, n.protected_password, n.logs, n.position - 1
            FROM UNNEST(@Ids, @Shards, @Ips, @Ports, @Roles, @TimeZones, @Sockets, @Users, @Passwords, @Logs) WITH ORDINALITY
                AS n(id, shard, ip, port, role, time_zone, socket, user_name, protected_password, logs, position)
            """, InstanceBatch.From(instance, nodes), ct);
        return true;
    }

    public async Task<bool> DeleteInstanceAsync(string id, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM instances WHERE id = @id", new { id }, ct) > 0;
}
