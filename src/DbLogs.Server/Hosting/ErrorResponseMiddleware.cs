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
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel's verdict on the request itself (bad chunked framing 400, body too slow or cut short 408, over
            // the size limit 413): its status, in the family's envelope, and not a failure of ours.
            logger.LogInformation("Request {RequestId} {Method} {Path} refused: {Reason}", context.TraceIdentifier, context.Request.Method,
                context.Request.Path, ex.Message);
            await WriteAsync(context, family => family.RequestRejected(ex.StatusCode, RejectionMessage(ex.StatusCode)));
            return;
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && StoreUnavailable.Is(ex) && !context.Response.HasStarted)
        {
            // Nothing was stored (an acknowledged write commits first): the client tries again, and the pool reconnects by itself.
            logger.LogWarning("Request {RequestId} {Method} {Path} refused: the metadata store is unreachable ({Error})", context.TraceIdentifier,
                context.Request.Method, context.Request.Path, ex.Message);
            await WriteAsync(context, family => family.StoreUnavailable, StoreUnavailable.RetryAfterSeconds);
            return;
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

            await WriteAsync(context, family => full ? family.StorageFull : family.Internal, full ? RetryAfterSeconds : null);
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

    private static Task WriteAsync(HttpContext context, Func<IApiFamily, ApiError> error, string? retryAfter = null)
    {
        context.Response.Clear();
        context.Response.Headers[RequestIdMiddleware.HeaderName] = context.TraceIdentifier;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        var family = ApiFamilies.ForPath(context.Request.Path);
        return family.Result(error(family)).ExecuteAsync(context);
    }

    private static string RejectionMessage(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly or ended early.",
        StatusCodes.Status413PayloadTooLarge => "Request entity too large.",
        _ => "Bad request: the request is malformed.",
    };
}
