using DbLogs.Server.Api;
using Microsoft.AspNetCore.Http.Features;

namespace DbLogs.Server.Hosting;

/// <summary>
/// Refuses a request whose path has a <c>.</c> or <c>..</c> segment, raw or percent-encoded. Kestrel removes such
/// segments before routing, so <c>DELETE /admin/v1/projects/P/users/%2E%2E</c> would reach the route that deletes
/// project P: no name or id may be able to mean another path.
/// </summary>
public sealed class DotSegmentGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is null || !HasDotSegment(rawTarget))
        {
            return next(context);
        }

        var family = ApiFamilies.ForPath(context.Request.Path);
        return family.Result(family.RequestRejected(StatusCodes.Status400BadRequest,
            "The request path contains a '.' or '..' segment.")).ExecuteAsync(context);
    }

    public static bool HasDotSegment(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.Length is > 0 and <= 6 && segment.ContainsAny('.', '%') && IsDots(Uri.UnescapeDataString(segment.ToString())))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDots(string segment) => segment is "." or "..";
}
