using System.Text.Json;

using DbLogs.Core.Configuration;

namespace DbLogs.Server.Bootstrap;

/// <summary>Validates one instance with its shards, replicas or nodes.</summary>
internal static class InstanceReader
{
    public const string Redis = "redis";
    public const string MySql = "mysql";

    private static readonly string[] InstanceKeys = ["id", "name", "engine", "shards", "nodes"];
    private static readonly string[] ShardKeys = ["name", "replicas"];
    private static readonly string[] NodeKeys =
        ["id", "ip", "port", "role", "time_zone", "password", "socket", "user", "logs"];

    private static readonly string[] RedisLogKinds = ["run"];
    private static readonly string[] MySqlLogKinds = ["audit", "slow", "error"];

    public static InstanceSpec Read(JsonElement element, string path, Func<string, string?> environment)
    {
        var reader = JsonObjectReader.Open(element, path, InstanceKeys);
        var engine = reader.RequiredString("engine", "\"redis\" or \"mysql\"");
        if (engine is not (Redis or MySql))
        {
            throw JsonObjectReader.Error(reader.PathOf("engine"), $"unknown engine \"{engine}\"; expected \"redis\" or \"mysql\"");
        }

        var redis = engine == Redis;
        var idShape = redis ? BootstrapRules.RedisIdShape : BootstrapRules.MySqlIdShape;
        var id = reader.OptionalString("id", idShape);
        if (id is not null)
        {
            BootstrapRules.Match(id, redis ? BootstrapRules.RedisId : BootstrapRules.MySqlId, reader.PathOf("id"),
                $"{idShape} for a {engine} instance");
        }

        var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.NameShape),
            BootstrapRules.Name, reader.PathOf("name"), BootstrapRules.NameShape);

        var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<NodeSpec>();
        if (redis)
        {
            reader.Forbid("nodes", "not allowed for a redis instance; list its nodes under shards[].replicas");
            var shardNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (shard, shardPath) in reader.Array("shards", required: true, "a non-empty array of shards"))
            {
                nodes.AddRange(ReadShard(shard, shardPath, shardNames, nodeIds, environment));
            }
        }
        else
        {
            reader.Forbid("shards", "not allowed for a mysql instance; list its nodes under nodes");
            foreach (var (node, nodePath) in reader.Array("nodes", required: true, "a non-empty array of nodes"))
            {
                nodes.Add(ReadNode(node, nodePath, MySql, shard: null, nodeIds, environment));
            }
        }

        return new InstanceSpec(id, name, engine, nodes);
    }

    private static List<NodeSpec> ReadShard(JsonElement element, string path, Dictionary<string, string> shardNames,
        Dictionary<string, string> nodeIds, Func<string, string?> environment)
    {
        var reader = JsonObjectReader.Open(element, path, ShardKeys);
        var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.ShardShape),
            BootstrapRules.Shard, reader.PathOf("name"), BootstrapRules.ShardShape);
        BootstrapRules.Claim(shardNames, name, reader.PathOf("name"), "shard name in this instance");

        var replicas = new List<NodeSpec>();
        string? masterPath = null;
        foreach (var (replica, replicaPath) in reader.Array("replicas", required: true, "a non-empty array of replicas"))
        {
            var node = ReadNode(replica, replicaPath, Redis, name, nodeIds, environment);
            if (node.Role == "master")
            {
                if (masterPath is not null)
                {
                    throw JsonObjectReader.Error(JsonObjectReader.Child(replicaPath, "role"),
                        $"a shard has at most one master; {masterPath} is already the master of {name}");
                }

                masterPath = replicaPath;
            }

            replicas.Add(node);
        }

        return replicas;
    }

    private static NodeSpec ReadNode(JsonElement element, string path, string engine, string? shard,
        Dictionary<string, string> nodeIds, Func<string, string?> environment)
    {
        var reader = JsonObjectReader.Open(element, path, NodeKeys);
        var redis = engine == Redis;
        if (redis)
        {
            reader.Forbid("socket", "not allowed for a redis node (mysql only)");
            reader.Forbid("user", "not allowed for a redis node (mysql only)");
        }
        else
        {
            reader.Forbid("role", "not allowed for a mysql node (redis only)");
        }

        var id = BootstrapRules.Match(reader.RequiredString("id", BootstrapRules.NameShape),
            BootstrapRules.Name, reader.PathOf("id"), BootstrapRules.NameShape);
        BootstrapRules.Claim(nodeIds, id, reader.PathOf("id"), "node id in this instance");

        var ip = BootstrapRules.Ip(reader.RequiredString("ip", BootstrapRules.IpShape), reader.PathOf("ip"));
        var port = reader.RequiredInteger("port", 1, 65535);

        string? role = null;
        if (redis)
        {
            role = reader.RequiredString("role", "\"master\" or \"replica\"");
            if (role is not ("master" or "replica"))
            {
                throw JsonObjectReader.Error(reader.PathOf("role"), $"unknown role \"{role}\"; expected \"master\" or \"replica\"");
            }
        }

        var timeZone = reader.OptionalString("time_zone", BootstrapRules.TimeZoneShape) is { } zone
            ? BootstrapRules.TimeZone(zone, reader.PathOf("time_zone"))
            : "UTC";

        var password = reader.OptionalString("password", "a string, env:NAME or null") is { } secret
            ? BootstrapRules.Secret(secret, reader.PathOf("password"), environment)
            : null;

        var socket = reader.OptionalString("socket", BootstrapRules.PathShape) is { } socketPath
            ? BootstrapRules.AbsolutePath(socketPath, reader.PathOf("socket"))
            : null;

        var user = reader.OptionalString("user", "a non-empty string or null");
        if (user is { Length: 0 })
        {
            throw JsonObjectReader.Error(reader.PathOf("user"), "must not be empty; expected a non-empty string or null");
        }

        var logs = ReadLogs(reader, redis ? RedisLogKinds : MySqlLogKinds, engine);
        return new NodeSpec(id, shard, ip, port, role, timeZone, socket, user, password, logs);
    }

    private static Dictionary<string, string> ReadLogs(JsonObjectReader reader, string[] kinds, string engine)
    {
        var logs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, value, path) in reader.Members("logs"))
        {
            if (!kinds.Contains(kind, StringComparer.Ordinal))
            {
                throw JsonObjectReader.Error(path, $"unknown log kind for {engine} (expected one of: {string.Join(", ", kinds)})");
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw JsonObjectReader.Error(path, $"must be a string; expected {BootstrapRules.PathShape}");
            }

            logs[kind] = BootstrapRules.AbsolutePath(value.GetString()!, path);
        }

        return logs;
    }
}
