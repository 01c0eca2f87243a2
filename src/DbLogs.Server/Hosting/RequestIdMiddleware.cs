using System.Security.Cryptography;

namespace DbLogs.Server.Hosting;

/// <summary>Gives every request an id, answered in <c>X-Request-Id</c> and used in the log lines about it.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.TraceIdentifier = requestId;
        context.Response.Headers[HeaderName] = requestId;
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await next(context);
        }
    }
}
