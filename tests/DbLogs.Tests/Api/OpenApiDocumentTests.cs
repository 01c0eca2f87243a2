using System.Text.Json;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Api;

public class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_cloud_route_is_an_operation_with_its_name_a_summary_and_its_success_response()
    {
        await using var app = await TestApp.StartAsync();
        var doc = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && (text.StartsWith("/v2/", StringComparison.Ordinal) || text.StartsWith("/v3/", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods.Select(method => (Endpoint: e, Method: method)))
            .ToList();

        // 4 DCS routes, 8 RDS routes and the IAM token route.
        Assert.Equal(13, routes.Count);
        foreach (var (endpoint, method) in routes)
        {
            var route = $"{method} {endpoint.RoutePattern.RawText}";
            Assert.True(paths.TryGetProperty(endpoint.RoutePattern.RawText!, out var path), $"OpenAPI document lacks {route}");
            Assert.True(path.TryGetProperty(method.ToLowerInvariant(), out var operation), $"OpenAPI document lacks {route}");
            var name = endpoint.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName;
            Assert.Equal(name, operation.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null),
                $"{route} has no summary");
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(r => r.Name is "200" or "201" or "204"),
                $"{route} declares no success response");
        }
    }
}
