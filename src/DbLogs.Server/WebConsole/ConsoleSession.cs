using DbLogs.Server.Auth.Tokens;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.WebConsole;

/// <summary>Who is signed in to the console: a project's user.</summary>
public sealed record ConsoleUser(Project Project, string UserName);

/// <summary>
/// The console's session is the IAM-style token its sign-in issued, kept in an HttpOnly, SameSite=Strict cookie that
/// expires with the token; every request checks it against the token store, so it ends when the token does.
/// </summary>
public sealed class ConsoleSession(TokenService tokens, IRegistryStore registry)
{
    public const string CookieName = "dblogs_console";
    public const string CookiePath = "/console";

    public static void Start(HttpContext context, IssuedToken token) =>
        context.Response.Cookies.Append(CookieName, token.Token, Options(context, token.ExpiresAt));

    /// <summary>Signs out: the cookie's token is revoked, so a copy of the cookie (or the token on an API route) works no more.</summary>
    public async Task EndAsync(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { Length: > 0 and <= 256 } token)
        {
            await tokens.RevokeAsync(token, CancellationToken.None); // not the request's: a sign-out the browser gave up on still ends the session
        }

        context.Response.Cookies.Delete(CookieName, Options(context, null));
    }

    /// <summary>The signed-in user, or null when the cookie is missing, or its token unknown or expired, or its user deleted.</summary>
    public async Task<ConsoleUser?> ReadAsync(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 and <= 256 } token ||
            await tokens.GetValidAsync(token, context.RequestAborted) is not { } record)
        {
            return null;
        }

        var user = await registry.GetUserByIdAsync(record.UserId, context.RequestAborted);
        var project = user is null ? null : await registry.GetProjectAsync(record.ProjectId, context.RequestAborted);
        return project is null ? null : new ConsoleUser(project, user!.Name);
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };
}
