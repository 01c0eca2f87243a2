using DbLogs.Server.Api;
using DbLogs.Storage.Files;

namespace DbLogs.Server.Downloads;

/// <summary>The route signed links point at: serves a collected file with HTTP Range support and its file name.</summary>
public static class DownloadEndpoints
{
    private static readonly ApiError LinkRefused = new(403, "DBLOGS.403", "The link is invalid or has expired.");
    private static readonly ApiError FileGone = ServiceFamily.NotFound("The file");

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(DownloadLinks.RoutePrefix + "/{area}/{id}/{fileName}", [HttpMethods.Get, HttpMethods.Head], Download)
            .WithName("Download").WithTags("Downloads").ExcludeFromDescription();
        return routes;
    }

    private static IResult Download(HttpContext context, string area, string id, string fileName, DownloadLinks links, CollectedFileStore files)
    {
        var query = context.Request.Query;
        // Every refusal looks the same: a probe learns nothing about which part was wrong or whether the file exists.
        if (!DownloadAreas.IsKnown(area) || !links.IsValid(area, id, fileName, query["expires"], query["signature"]))
        {
            return ServiceFamily.Instance.Result(LinkRefused);
        }

        string path;
        try
        {
            path = files.PathOf(area, id);
        }
        catch (ArgumentException)
        {
            return ServiceFamily.Instance.Result(LinkRefused);
        }

        if (!File.Exists(path))
        {
            return ServiceFamily.Instance.Result(FileGone);
        }

        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.PhysicalFile(path, "application/octet-stream", fileName, enableRangeProcessing: true);
    }
}
