using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DbLogs.Server.Nodes;

/// <summary>
/// Who this <c>dblogs serve</c> process is among the nodes sharing a store: <c>NodeId</c> from the settings, or the host
/// name and a random suffix per start (a restarted node is a new node; the dead one's leases expire).
/// </summary>
public sealed class NodeIdentity(DbLogsOptions options, IServer server, TimeProvider clock)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.NodeId)
        ? $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}"
        : options.NodeId.Trim();

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    public static string Version { get; } =
        typeof(NodeIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Where the node listens (known once the server has bound its ports; empty before, and on a test server).</summary>
    public string Address => string.Join(" ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
}
