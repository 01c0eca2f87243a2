namespace DbLogs.Storage.Registry;

/// <summary>The project-scoped tokens issued to users, kept only as a hash of each token.</summary>
public interface ITokenStore
{
    /// <summary>Stores a token; false (nothing stored) when its user was deleted meanwhile.</summary>
    Task<bool> AddAsync(string tokenHash, TokenRecord token, CancellationToken ct = default);

    Task<TokenRecord?> FindAsync(string tokenHash, CancellationToken ct = default);

    /// <summary>Revokes a token before it expires (sign-out): it is found no more. False when there was none.</summary>
    Task<bool> RevokeAsync(string tokenHash, CancellationToken ct = default);
}

public sealed record TokenRecord(string ProjectId, string UserId, DateTimeOffset ExpiresAt);
