using System.Net;
using DbLogs.Server.Downloads;
using Microsoft.AspNetCore.Http;

namespace DbLogs.Tests.Downloads;

/// <summary>Where links start: spec/dcs-v2-logs.md, "Decision (link base)".</summary>
public sealed class LinkBaseTests
{
    private static HttpRequest Request(string scheme, string? host, int localPort, string pathBase = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        if (host is not null)
        {
            context.Request.Host = new HostString(host);
        }

        context.Request.PathBase = pathBase;
        context.Connection.LocalIpAddress = IPAddress.Parse("::ffff:127.0.0.1");
        context.Connection.LocalPort = localPort;
        return context.Request;
    }

    [Theory]
    [InlineData("http", "127.0.0.1", 8080, "http://127.0.0.1:8080")] // what official SDKs send
    [InlineData("https", "logs.example.com", 8443, "https://logs.example.com:8443")]
    [InlineData("http", "[::1]", 8080, "http://[::1]:8080")]
    [InlineData("http", "127.0.0.1", 80, "http://127.0.0.1")] // the scheme's default port stays implicit
    [InlineData("https", "logs.example.com", 443, "https://logs.example.com")]
    [InlineData("http", "logs.example.com", 443, "http://logs.example.com:443")]
    [InlineData("http", "127.0.0.1:9000", 8080, "http://127.0.0.1:9000")] // a port the client named is kept (a proxy in front)
    [InlineData("http", "localhost", 0, "http://localhost")] // no socket: an in-process test server
    [InlineData("http", null, 8080, "http://127.0.0.1:8080")] // HTTP/1.0 without Host: the address the request reached
    public void A_host_without_a_port_gets_the_port_the_request_arrived_on(string scheme, string? host, int localPort, string expected) =>
        Assert.Equal(expected, LinkBase.For(Request(scheme, host, localPort), publicUrl: null));

    [Fact]
    public void The_path_base_is_kept() =>
        Assert.Equal("http://127.0.0.1:8080/logs", LinkBase.For(Request("http", "127.0.0.1", 8080, "/logs"), publicUrl: null));

    [Fact]
    public void A_public_url_wins_over_the_request() =>
        Assert.Equal("https://logs.example.com/prefix", LinkBase.For(Request("http", "127.0.0.1", 8080), "https://logs.example.com/prefix"));
}
