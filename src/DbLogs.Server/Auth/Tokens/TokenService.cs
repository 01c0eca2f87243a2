using System.Security.Cryptography;
using System.Text;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Auth.Tokens;

public enum TokenCheck
{
    Valid,
    Unknown,
    Expired,
}

/// <summary>Issues project-scoped tokens and checks them; only a SHA-256 of each token is stored.</summary>
public sealed class TokenService(ITokenStore store, RegistryReadCache cache, TimeProvider clock, DbLogsOptions options)
{
    /// <summary>A new token of <paramref name="user"/>; null when the user (or its project) was deleted meanwhile.</summary>
    public async Task<IssuedToken?> IssueAsync(User user, CancellationToken ct)
    {
        var token = "dblt_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var issuedAt = clock.GetUtcNow();
        var expiresAt = issuedAt + options.TokenLifetime;
        return await store.AddAsync(Hash(token), new TokenRecord(user.ProjectId, user.Id, expiresAt), ct)
            ? new IssuedToken(token, expiresAt, issuedAt)
            : null;
    }

    public async Task<(TokenCheck Check, string? ProjectId)> CheckAsync(string token, CancellationToken ct)
    {
        var record = await FindAsync(token, ct);
        return record is null ? (TokenCheck.Unknown, null)
            : record.ExpiresAt <= clock.GetUtcNow() ? (TokenCheck.Expired, null)
            : (TokenCheck.Valid, record.ProjectId);
    }

    /// <summary>The token's record while it is valid; null when it is unknown or expired.</summary>
    public async Task<TokenRecord?> GetValidAsync(string token, CancellationToken ct) =>
        await FindAsync(token, ct) is { } record && record.ExpiresAt > clock.GetUtcNow() ? record : null;

    /// <summary>
    /// Ends a token before it expires (the console's sign-out): removed from the store, then from this process's cache.
    /// Another process serving the same store may accept it until its own cache entry's TTL ends.
    /// </summary>
    public async Task RevokeAsync(string token, CancellationToken ct)
    {
        var hash = Hash(token);
        await store.RevokeAsync(hash, ct);
        cache.Tokens.Forget(hash);
    }

    private async Task<TokenRecord?> FindAsync(string token, CancellationToken ct)
    {
        var hash = Hash(token);
        if (!cache.Tokens.TryGet(hash, out var record))
        {
            // Unknown tokens are not remembered: anyone could fill the cache with them.
            var version = cache.Tokens.Version;
            record = await store.FindAsync(hash, ct);
            if (record is null)
            {
                return null;
            }

            cache.Tokens.Set(hash, record, version, record.ExpiresAt);
        }

        return record;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt);
