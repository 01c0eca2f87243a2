using System.Text.Json;
using DbLogs.Core.Configuration;

namespace DbLogs.Collection.Redis;

/// <summary>What the agent polls: the settings and the Redis nodes next to it.</summary>
public sealed record SlowlogConfig(SlowlogSettings Settings, IReadOnlyList<SlowlogNode> Nodes);

/// <summary>
/// Reads the agent configuration's optional <c>redis_slowlog</c> object: <c>interval_ms</c> (default 10000),
/// <c>count</c> (entries per <c>SLOWLOG GET</c>, default 128), <c>timeout_ms</c> (default 5000) and <c>nodes</c>: each
/// <c>node</c> (the registered node id), <c>port</c>, optional <c>host</c> (default 127.0.0.1), <c>user</c> (an ACL user) and
/// <c>password</c> (may be <c>env:NAME</c>), and <c>tls</c>: <c>true</c>, or an object with optional <c>ca_file</c> (the CA
/// the server's certificate must chain to; default the system's roots) and <c>server_name</c> (the name the certificate
/// must carry, sent as SNI; default <c>host</c>).
/// </summary>
public static class SlowlogConfigReader
{
    private static readonly string[] Keys = ["interval_ms", "count", "timeout_ms", "nodes"];
    private static readonly string[] NodeKeys = ["node", "host", "port", "user", "password", "tls"];
    private static readonly string[] TlsKeys = ["ca_file", "server_name"];

    public static SlowlogConfig Read(JsonElement element, string path, Func<string, string?> environment)
    {
        var reader = JsonObjectReader.Open(element, path, Keys);
        var defaults = SlowlogSettings.Default;
        var settings = new SlowlogSettings(
            reader.Has("interval_ms") ? TimeSpan.FromMilliseconds(reader.RequiredInteger("interval_ms", 50, 3_600_000)) : defaults.Interval,
            reader.Has("count") ? reader.RequiredInteger("count", 1, 100_000) : defaults.Count,
            reader.Has("timeout_ms") ? TimeSpan.FromMilliseconds(reader.RequiredInteger("timeout_ms", 100, 600_000)) : defaults.Timeout);
        var nodes = new List<SlowlogNode>();
        foreach (var (item, itemPath) in reader.Array("nodes", required: true, "a list of Redis nodes to poll"))
        {
            var node = JsonObjectReader.Open(item, itemPath, NodeKeys);
            var id = node.RequiredString("node", "the node id as registered in the service");
            if (nodes.Any(n => n.NodeId == id))
            {
                throw JsonObjectReader.Error(node.PathOf("node"), $"node {id} is listed twice");
            }

            var password = node.OptionalString("password", "the node's password, or env:NAME");
            if (password?.StartsWith("env:", StringComparison.Ordinal) == true)
            {
                password = environment(password[4..]) ?? throw JsonObjectReader.Error(node.PathOf("password"), $"environment variable {password[4..]} is not set");
            }

            var endpoint = new RedisEndpoint(node.OptionalString("host", "a host name or IP address") ?? "127.0.0.1",
                node.RequiredInteger("port", 1, 65535), node.OptionalString("user", "an ACL user name"), password, ReadTls(node));
            nodes.Add(new SlowlogNode(id, endpoint));
        }

        return new SlowlogConfig(settings, nodes);
    }

    private static RedisTls? ReadTls(JsonObjectReader node)
    {
        switch (node.Get("tls"))
        {
            case null or { ValueKind: JsonValueKind.False }:
                return null;
            case { ValueKind: JsonValueKind.True }:
                return new RedisTls(null, null);
            case { ValueKind: JsonValueKind.Object } element:
                var tls = JsonObjectReader.Open(element, node.PathOf("tls"), TlsKeys);
                return new RedisTls(tls.OptionalString("ca_file", "the path of a PEM or DER CA certificate"),
                    tls.OptionalString("server_name", "the host name the server's certificate carries"));
            default:
                throw JsonObjectReader.Error(node.PathOf("tls"), "expected true, false or an object with ca_file and server_name");
        }
    }
}
