using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace DbLogs.Server.Api;

/// <summary>204 with an empty body that still names <c>application/json</c>, as DCS answers an empty log list.</summary>
public sealed class NoContentJsonResult : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        httpContext.Response.ContentType = "application/json";
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)));
    }
}
