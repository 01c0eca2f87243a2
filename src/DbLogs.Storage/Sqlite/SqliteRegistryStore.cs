using System.Text.Json;
using Dapper;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteRegistryStore(SqliteDatabase db) : IRegistryStore
{
    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
    }

    public async Task<Project?> GetProjectAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ProjectRow>(
            new CommandDefinition("SELECT id, name, created_at AS CreatedAt FROM projects WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<Project?> FindProjectByNameAsync(string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ProjectRow>(
            new CommandDefinition("SELECT id, name, created_at AS CreatedAt FROM projects WHERE name = @name", new { name }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ProjectRow>(
            new CommandDefinition("SELECT id, name, created_at AS CreatedAt FROM projects ORDER BY name", cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> UpsertProjectAsync(Project project, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO projects (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE projects.name <> excluded.name
            """,
            new { project.Id, project.Name, CreatedAt = UnixMs.From(project.CreatedAt) }, cancellationToken: ct));
        return changed > 0;
    }

    public async Task<bool> DeleteProjectAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM projects WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    private const string UserColumns = "id, project_id AS ProjectId, name, password_hash AS PasswordHash, created_at AS CreatedAt";

    public async Task<User?> GetUserAsync(string projectId, string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE project_id = @projectId AND name = @name", new { projectId, name }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<User?> GetUserByIdAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(string projectId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE project_id = @projectId ORDER BY name", new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> UpsertUserAsync(User user, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (id, project_id, name, password_hash, created_at) VALUES (@Id, @ProjectId, @Name, @PasswordHash, @CreatedAt)
            ON CONFLICT (project_id, name) DO UPDATE SET password_hash = excluded.password_hash
            WHERE users.password_hash <> excluded.password_hash
            """,
            new { user.Id, user.ProjectId, user.Name, user.PasswordHash, CreatedAt = UnixMs.From(user.CreatedAt) }, cancellationToken: ct));
        return changed > 0;
    }

    public async Task<bool> DeleteUserAsync(string projectId, string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM users WHERE project_id = @projectId AND name = @name", new { projectId, name }, cancellationToken: ct)) > 0;
    }

    private const string KeyColumns = "ak, project_id AS ProjectId, protected_secret AS ProtectedSecret, created_at AS CreatedAt";

    public async Task<AccessKey?> GetAccessKeyAsync(string ak, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AccessKeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM access_keys WHERE ak = @ak", new { ak }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<AccessKey>> ListAccessKeysAsync(string projectId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AccessKeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM access_keys WHERE project_id = @projectId ORDER BY ak", new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> UpsertAccessKeyAsync(AccessKey key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO access_keys (ak, project_id, protected_secret, created_at) VALUES (@Ak, @ProjectId, @ProtectedSecret, @CreatedAt)
            ON CONFLICT (ak) DO UPDATE SET project_id = excluded.project_id, protected_secret = excluded.protected_secret
            """,
            new { key.Ak, key.ProjectId, key.ProtectedSecret, CreatedAt = UnixMs.From(key.CreatedAt) }, cancellationToken: ct));
        return changed > 0;
    }

    public async Task<bool> DeleteAccessKeyAsync(string projectId, string ak, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM access_keys WHERE project_id = @projectId AND ak = @ak", new { projectId, ak }, cancellationToken: ct)) > 0;
    }

    private const string InstanceColumns = "id, project_id AS ProjectId, name, engine, created_at AS CreatedAt";

    public async Task<Instance?> GetInstanceAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(
            $"SELECT {InstanceColumns} FROM instances WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Instance>> ListInstancesAsync(string projectId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<InstanceRow>(new CommandDefinition(
            $"SELECT {InstanceColumns} FROM instances WHERE project_id = @projectId ORDER BY name", new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<Node>> ListNodesAsync(string instanceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<NodeRow>(new CommandDefinition(
            """
            SELECT instance_id AS InstanceId, id, shard, ip, port, role, time_zone AS TimeZone, socket, user_name AS UserName,
                   protected_password AS ProtectedPassword, logs
            FROM nodes WHERE instance_id = @instanceId ORDER BY position
            """, new { instanceId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> UpsertInstanceAsync(Instance instance, IReadOnlyList<Node> nodes, CancellationToken ct = default)
    {
        if (await NodeComparison.UnchangedAsync(this, instance, nodes, ct))
        {
            return false;
        }

        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO instances (id, project_id, name, engine, created_at) VALUES (@Id, @ProjectId, @Name, @Engine, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, name = excluded.name, engine = excluded.engine
            """,
            new { instance.Id, instance.ProjectId, instance.Name, Engine = InstanceRow.EngineText(instance.Engine), CreatedAt = UnixMs.From(instance.CreatedAt) },
            tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM nodes WHERE instance_id = @Id", new { instance.Id }, tx, cancellationToken: ct));
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO nodes (instance_id, id, shard, ip, port, role, time_zone, socket, user_name, protected_password, logs, position)
                VALUES (@InstanceId, @Id, @Shard, @Ip, @Port, @Role, @TimeZone, @Socket, @User, @ProtectedPassword, @Logs, @Position)
                """,
                new
                {
                    InstanceId = instance.Id,
                    n.Id,
                    n.Shard,
                    n.Ip,
                    n.Port,
                    n.Role,
                    n.TimeZone,
                    n.Socket,
                    n.User,
                    n.ProtectedPassword,
                    Logs = JsonSerializer.Serialize(n.Logs),
                    Position = i,
                }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> DeleteInstanceAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM instances WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }
}
