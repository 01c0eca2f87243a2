using DbLogs.Server.Auth.Tokens;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Auth.Passwords;

public enum SignInStatus
{
    SignedIn,

    /// <summary>The user name or the client address is locked after failed attempts; <see cref="SignInResult.RetryAfter"/> says how long.</summary>
    Locked,

    /// <summary>Too many password checks are running or queued; try again in a second.</summary>
    Busy,

    /// <summary>No such project, user or password (one answer for all, so that none is revealed).</summary>
    WrongCredentials,
}

public sealed record SignInResult(SignInStatus Status, TimeSpan RetryAfter = default, Project? Project = null, User? User = null,
    IssuedToken? Token = null);

/// <summary>
/// A project user's password sign-in, throttled per user name and client address, ending in a project-scoped token:
/// what the IAM token route and the web console's sign-in page both do.
/// </summary>
public sealed class PasswordSignIn(IRegistryStore store, TokenService tokens, LoginThrottle throttle, PasswordCheckGate passwords)
{
    /// <param name="projectId">The project by id, or null to find it by <paramref name="projectName"/>.</param>
    /// <param name="domainName">When given, it must be the project's name (IAM's domain).</param>
    public async Task<SignInResult> SignInAsync(string? projectId, string? projectName, string? domainName, string userName, string password,
        string address, CancellationToken ct)
    {
        var userKey = (projectId ?? "name:" + projectName) + "/" + userName;
        if (throttle.RetryAfter(userKey, address) is var wait && wait > TimeSpan.Zero)
        {
            return new SignInResult(SignInStatus.Locked, wait);
        }

        var project = projectId is not null
            ? await store.GetProjectAsync(projectId, ct)
            : await store.FindProjectByNameAsync(projectName ?? string.Empty, ct);
        var user = project is null || (domainName is not null && domainName != project.Name)
            ? null
            : await store.GetUserAsync(project.Id, userName, ct);

        // One answer, in the same time, for every kind of mismatch, so the caller does not learn which projects or users exist.
        var verified = await passwords.VerifyAsync(password, user?.PasswordHash, ct);
        if (verified is null)
        {
            return new SignInResult(SignInStatus.Busy, TimeSpan.FromSeconds(1));
        }

        if (verified is false)
        {
            throttle.RecordFailure(userKey, address);
            return new SignInResult(SignInStatus.WrongCredentials);
        }

        throttle.RecordSuccess(userKey);
        return user is not null && await tokens.IssueAsync(user, ct) is { } token
            ? new SignInResult(SignInStatus.SignedIn, Project: project, User: user, Token: token)
            : new SignInResult(SignInStatus.WrongCredentials);
    }
}
