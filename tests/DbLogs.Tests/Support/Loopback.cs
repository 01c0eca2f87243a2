using System.Net;
using System.Net.Sockets;

namespace DbLogs.Tests.Support;

public static class Loopback
{
    /// <summary>A loopback port nobody listens on right now (another process may still take it before the caller binds it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
