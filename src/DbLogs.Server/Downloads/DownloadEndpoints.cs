using DbLogs.Server.Api;
using DbLogs.Storage.Files;

namespace DbLogs.Server.Downloads;

/// <summary>The route signed links point at: serves a collected file (a copy or stream ranges) with HTTP Range support and its file name.</summary>
public static class DownloadEndpoints
{
    internal const string ContentType = "application/octet-stream";
    private static readonly ApiError LinkRefused = new(403, "DBLOGS.403", "The link is invalid or has expired.");
    private static readonly ApiError FileGone = ServiceFamily.NotFound("The file");

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(DownloadLinks.RoutePrefix + "/{area}/{id}/{fileName}", [HttpMethods.Get, HttpMethods.Head], Download)
            .WithName("Download").WithTags("Downloads").ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> Download(HttpContext context, string area, string id, string fileName, DownloadLinks links, ICollectedFiles files,
        DownloadCache cache)
    {
        var query = context.Request.Query;
        // Every refusal looks the same: a probe learns nothing about which part was wrong or whether the file exists.
        if (!DownloadAreas.IsKnown(area) || !links.IsValid(area, id, fileName, query["expires"], query["signature"]))
        {
            return ServiceFamily.Instance.Result(LinkRefused);
        }

        Stream? content;
        try
        {
            content = await files.OpenReadAsync(area, id, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            return ServiceFamily.Instance.Result(LinkRefused);
        }

        if (content is null)
        {
            return ServiceFamily.Instance.Result(FileGone);
        }

        content = cache.Serve(content, ct => files.OpenReadAsync(area, id, ct));
        context.Response.Headers.CacheControl = "private, no-store";
        if (content is CopyReadStream copy && CopyRangeResult.For(context.Request, copy, fileName) is { } range)
        {
            return range;
        }

        // A seekable stream of known length: Range and HEAD are answered from it byte-exact, copied in pieces, never whole.
        return TypedResults.Stream(content, ContentType, fileName, enableRangeProcessing: true);
    }
}
