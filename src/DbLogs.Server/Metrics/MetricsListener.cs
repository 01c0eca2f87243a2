using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server.Metrics;

/// <summary>
/// <c>--Metrics:Listen 127.0.0.1:9109</c>: a listen address of its own for the scraper, where <c>/metrics</c> answers without
/// the admin key and nothing else answers. Whoever can reach that address can read the metrics, so it is meant for a
/// loopback or otherwise private address.
/// </summary>
public sealed class MetricsListener(IPEndPoint endPoint)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>The listener configured in <c>Metrics:Listen</c>, or null when unset.</summary>
    public static MetricsListener? FromConfiguration(IConfiguration configuration)
    {
        var listen = configuration["Metrics:Listen"];
        if (string.IsNullOrWhiteSpace(listen))
        {
            return null;
        }

        if (!IPEndPoint.TryParse(listen, out var endPoint) || endPoint.Port == 0)
        {
            throw new InvalidOperationException($"Metrics:Listen must be an IP address and port, e.g. 127.0.0.1:9109 or [::1]:9109; got '{listen}'.");
        }

        return new MetricsListener(endPoint);
    }

    /// <summary>Adds the address to those Kestrel listens on, whichever way the others were given (urls or Kestrel:Endpoints).</summary>
    public void Bind(WebApplicationBuilder builder, string defaultUrl)
    {
        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            // Endpoints set in code add to those of the configuration; with plain urls they would replace them.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(EndPoint));
            return;
        }

        var urls = builder.Configuration["urls"];
        builder.WebHost.UseUrls($"{(string.IsNullOrEmpty(urls) ? defaultUrl : urls)};http://{EndPoint}");
    }

    /// <summary>Whether the request came in on this listener.</summary>
    public bool Accepted(ConnectionInfo connection)
    {
        if (connection.LocalPort != EndPoint.Port || connection.LocalIpAddress is not { } local)
        {
            return false;
        }

        var any = EndPoint.Address.Equals(IPAddress.Any) || EndPoint.Address.Equals(IPAddress.IPv6Any);
        return any || local.Equals(EndPoint.Address) || (local.IsIPv4MappedToIPv6 && local.MapToIPv4().Equals(EndPoint.Address));
    }
}
