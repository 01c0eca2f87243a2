namespace DbLogs.Server.Api;

/// <summary>204 with an empty body that still names <c>application/json</c>, as DCS answers an empty log list.</summary>
public sealed class NoContentJsonResult : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        httpContext.Response.ContentType = "application/json";
        return Task.CompletedTask;
    }
}
