using DbLogs.Server.Api;

namespace DbLogs.Server.Hosting;

/// <summary>
/// The last line of defence: an unhandled exception is logged with its request id and answered as the path's
/// family's 500, without a stack trace, or its 503 when the data directory is full; an unmatched route or method
/// gets the family's 404/405 body.
/// </summary>
public sealed class ErrorResponseMiddleware(RequestDelegate next, StorageCondition storage, ILogger<ErrorResponseMiddleware> logger)
{
    /// <summary>When a client should try a write again on a full disk; agents back off on their own as well.</summary>
    private const string RetryAfterSeconds = "30";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            var full = storage.Report(ex);
            if (full)
            {
                logger.LogWarning("Request {RequestId} {Method} {Path} refused: the data directory is full ({Error})",
                    context.TraceIdentifier, context.Request.Method, context.Request.Path, StorageFull.Describe(ex));
            }
            else
            {
                logger.LogError(ex, "Request {RequestId} {Method} {Path} failed", context.TraceIdentifier, context.Request.Method, context.Request.Path);
            }

            if (context.Response.HasStarted)
            {
                throw;
            }

            context.Response.Clear();
            context.Response.Headers[RequestIdMiddleware.HeaderName] = context.TraceIdentifier;
            var family = ApiFamilies.ForPath(context.Request.Path);
            if (full)
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
            }

            await family.Result(full ? family.StorageFull : family.Internal).ExecuteAsync(context);
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
        {
            return;
        }

        var status = context.Response.StatusCode;
        if (status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            var family = ApiFamilies.ForPath(context.Request.Path);
            await family.Result(status == StatusCodes.Status404NotFound ? family.RouteNotFound : family.MethodNotAllowed).ExecuteAsync(context);
        }
    }
}
