using Dapper;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Sqlite;

public sealed class SqliteTokenStore(SqliteDatabase db) : ITokenStore
{
    public async Task<bool> AddAsync(string tokenHash, TokenRecord token, CancellationToken ct = default)
    {
        // One statement checks and inserts, so a user deleted after its password was checked gets no token.
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tokens (token_hash, user_id, project_id, expires_at)
            SELECT @tokenHash, @UserId, @ProjectId, @ExpiresAt WHERE EXISTS (SELECT 1 FROM users WHERE id = @UserId AND project_id = @ProjectId)
            """,
            new { tokenHash, token.UserId, token.ProjectId, ExpiresAt = UnixMs.From(token.ExpiresAt) }, cancellationToken: ct)) == 1;
    }

    public async Task<TokenRecord?> FindAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            "SELECT project_id AS ProjectId, user_id AS UserId, expires_at AS ExpiresAt FROM tokens WHERE token_hash = @tokenHash",
            new { tokenHash }, cancellationToken: ct));
        return row?.ToModel();
    }

    public async Task<bool> RevokeAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct)) == 1;
    }
}
