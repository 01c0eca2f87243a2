using System.Text.Json;

namespace DbLogs.Server.Api;

/// <summary>Writes an <see cref="ApiError"/> in its family's envelope, always as <c>application/json</c>.</summary>
public sealed class ApiErrorResult(IApiFamily family, ApiError error) : IResult
{
    public ApiError Error => error;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        family.WriteBody(writer, error);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

public static class ApiFamilyExtensions
{
    public static ApiErrorResult Result(this IApiFamily family, ApiError error) => new(family, error);
}
