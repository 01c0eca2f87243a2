using System.Globalization;
using DbLogs.Server.Api;
using DbLogs.Server.Auth.Passwords;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DbLogs.Server.Auth.Tokens;

/// <summary>
/// IAM-compatible <c>POST /v3/auth/tokens</c> (password method, project scope). The token travels in the
/// <c>X-Subject-Token</c> response header, as on the cloud.
/// </summary>
public static class IamTokenEndpoints
{
    private static readonly IamFamily Family = IamFamily.Instance;

    public static IEndpointRouteBuilder MapIamTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v3/auth/tokens", IssueToken).WithName("KeystoneCreateUserTokenByPassword").WithTags("IAM");
        return routes;
    }

    [EndpointSummary("Issues a project-scoped token for a user's password, in the X-Subject-Token header.")]
    private static async Task<Results<Created<TokenResponse>, ApiErrorResult>> IssueToken(
        HttpContext context, PasswordSignIn signIn, DbLogsOptions options)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context, Family, options.MaxApiBodyBytes);
        if (error is not null)
        {
            return Family.Result(error);
        }

        if (!PasswordTokenRequest.TryRead(body, out var request, out var problem))
        {
            return Family.Result(Family.InvalidParameter("auth", problem));
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        var result = await signIn.SignInAsync(request.ScopeProjectId, request.ScopeProjectName, request.DomainName, request.UserName,
            request.Password, address, context.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Locked:
                return TooManyAttempts(context, result.RetryAfter, "Too many failed sign-in attempts; the user or client is locked for a while.");
            case SignInStatus.Busy:
                return TooManyAttempts(context, result.RetryAfter, "Too many sign-ins at once.");
            case SignInStatus.WrongCredentials:
                return Family.Result(IamFamily.WrongCredentials);
        }

        var (project, user, (token, expiresAt, issuedAt)) = (result.Project!, result.User!, result.Token!);
        context.Response.Headers["X-Subject-Token"] = token;
        var domain = new TokenDomain(project.Id, project.Name);
        return TypedResults.Created((string?)null, new TokenResponse(new TokenBody(
            Format(expiresAt), Format(issuedAt), ["password"], new TokenProject(project.Id, project.Name, domain),
            new TokenUser(user.Id, user.Name, domain), [], [])));
    }

    private static ApiErrorResult TooManyAttempts(HttpContext context, TimeSpan wait, string message)
    {
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Family.Result(Family.RequestRejected(StatusCodes.Status429TooManyRequests, message));
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}

public sealed record TokenResponse(TokenBody Token);

public sealed record TokenBody(
    string ExpiresAt,
    string IssuedAt,
    IReadOnlyList<string> Methods,
    TokenProject Project,
    TokenUser User,
    IReadOnlyList<object> Catalog,
    IReadOnlyList<object> Roles);

public sealed record TokenDomain(string Id, string Name);

public sealed record TokenProject(string Id, string Name, TokenDomain Domain);

public sealed record TokenUser(string Id, string Name, TokenDomain Domain);
