namespace DbLogs.Server.WebConsole;

/// <summary>The console's stylesheet and its two small scripts, embedded in the assembly: nothing is fetched from elsewhere.</summary>
public static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["console.css"] = (Load("console.css"), "text/css; charset=utf-8"),
        ["console.js"] = (Load("console.js"), "text/javascript; charset=utf-8"),
        ["tail.js"] = (Load("tail.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Bytes, file.Type);
    }

    /// <summary>Scripts, styles and the live tail's stream from this service only; no framing by other sites.</summary>
    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("console/" + name)
                           ?? throw new InvalidOperationException($"The console asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
