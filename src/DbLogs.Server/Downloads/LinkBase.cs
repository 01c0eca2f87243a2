namespace DbLogs.Server.Downloads;

/// <summary>
/// Where download links start (spec/dcs-v2-logs.md, "Decision (link base)"): the configured public URL, else the scheme and
/// host the client called. Official SDKs send <c>Host: 127.0.0.1</c> without the port even when they call port 8080, so a
/// Host without a port gets the port the request arrived on, unless that is the scheme's default: a link must work as returned.
/// </summary>
public static class LinkBase
{
    public static string For(HttpRequest request, string? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        return publicUrl ?? $"{request.Scheme}://{Authority(request)}{request.PathBase}";
    }

    private static HostString Authority(HttpRequest request)
    {
        var host = request.Host;
        if (host.Port is not null)
        {
            return host;
        }

        var connection = request.HttpContext.Connection;
        var port = connection.LocalPort;
        if (!host.HasValue && connection.LocalIpAddress is { } address)
        {
            // An HTTP/1.0 request may name no host at all: the address it reached is the one that works.
            host = new HostString((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString());
        }

        // Port 0: no socket behind the request (an in-process test server); the host is all there is.
        return port == 0 || port == DefaultPort(request.Scheme) ? host : new HostString(host.Host, port);
    }

    private static int DefaultPort(string scheme) =>
        string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
