using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

public sealed class PostgresTokenStore(PostgresDatabase db) : ITokenStore
{
    // One statement checks and inserts, so a user deleted after its password was checked gets no token.
    public async Task<bool> AddAsync(string tokenHash, TokenRecord token, CancellationToken ct = default) =>
        await db.RunAsync(
            """
            INSERT INTO tokens (token_hash, user_id, project_id, expires_at)
            SELECT @tokenHash, @UserId, @ProjectId, @ExpiresAt WHERE EXISTS (SELECT 1 FROM users WHERE id = @UserId AND project_id = @ProjectId)
            """, new { tokenHash, token.UserId, token.ProjectId, ExpiresAt = UnixMs.From(token.ExpiresAt) }, ct) == 1;

    public Task<TokenRecord?> FindAsync(string tokenHash, CancellationToken ct = default) =>
        db.SingleAsync<TokenRow, TokenRecord>(
            "SELECT project_id AS ProjectId, user_id AS UserId, expires_at AS ExpiresAt FROM tokens WHERE token_hash = @tokenHash",
            new { tokenHash }, r => r.ToModel(), ct);

    public async Task<bool> RevokeAsync(string tokenHash, CancellationToken ct = default) =>
        await db.RunAsync("DELETE FROM tokens WHERE token_hash = @tokenHash", new { tokenHash }, ct) == 1;
}
