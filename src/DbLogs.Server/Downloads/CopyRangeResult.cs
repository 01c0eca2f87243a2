using Microsoft.Net.Http.Headers;

namespace DbLogs.Server.Downloads;

/// <summary>
/// One byte range of a download copy, read from the page cache straight into the response's pipe, piece by piece. The
/// framework's range result reads into a buffer of its own and copies that into the pipe: at 16 clients asking for 1 MB
/// ranges that second copy cost about a fifth of the service's throughput. Only a plain GET of one satisfiable range is
/// answered here; every other request (a whole file, HEAD, several ranges, an unsatisfiable one, a conditional one) is
/// the framework's, so its behaviour stays the framework's.
/// </summary>
internal sealed class CopyRangeResult : IResult
{
    private const int PieceBytes = 64 * 1024;

    private readonly CopyReadStream _copy;
    private readonly long _from;
    private readonly long _to;
    private readonly string _fileName;

    private CopyRangeResult(CopyReadStream copy, long from, long to, string fileName)
    {
        _copy = copy;
        _from = from;
        _to = to;
        _fileName = fileName;
    }

    /// <summary>The answer to <paramref name="request"/> when it asks for one satisfiable range; null for the framework to answer.</summary>
    public static CopyRangeResult? For(HttpRequest request, CopyReadStream copy, string fileName)
    {
        var headers = request.Headers;
        if (!HttpMethods.IsGet(request.Method) || headers.Range.Count != 1 || headers.IfRange.Count > 0 || headers.IfMatch.Count > 0 ||
            headers.IfNoneMatch.Count > 0 || headers.IfModifiedSince.Count > 0 || headers.IfUnmodifiedSince.Count > 0 ||
            !RangeHeaderValue.TryParse(headers.Range[0], out var parsed) || parsed.Ranges.Count != 1 ||
            !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var size = copy.Length;
        var range = parsed.Ranges.First();
        return (range.From, range.To) switch
        {
            ({ } from, { } to) when from <= to && from < size => new(copy, from, Math.Min(to, size - 1), fileName),
            ({ } from, null) when from < size => new(copy, from, size - 1, fileName),
            (null, { } last) when last > 0 && size > 0 => new(copy, Math.Max(0, size - last), size - 1, fileName),
            _ => null,
        };
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        await using var copy = _copy;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.ContentType = DownloadEndpoints.ContentType;
        response.ContentLength = _to - _from + 1;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ContentRange = new ContentRangeHeaderValue(_from, _to, copy.Length).ToString();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(_fileName);
        response.Headers.ContentDisposition = disposition.ToString();

        var writer = response.BodyWriter;
        try
        {
            for (var at = _from; at <= _to;)
            {
                var left = _to + 1 - at;
                var piece = writer.GetMemory((int)Math.Min(PieceBytes, left));
                var read = copy.ReadAt(piece.Span[..(int)Math.Min(piece.Length, left)], at);
                if (read == 0)
                {
                    httpContext.Abort(); // the copy is shorter than it was made: the client sees a cut response, never wrong bytes
                    return;
                }

                writer.Advance(read);
                at += read;
                if ((await writer.FlushAsync(httpContext.RequestAborted)).IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            httpContext.Abort();
        }
    }
}
