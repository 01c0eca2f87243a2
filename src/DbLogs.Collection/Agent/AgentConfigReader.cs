using System.Net;
using System.Text.Json;
using DbLogs.Collection.Redis;
using DbLogs.Collection.Tailing;
using DbLogs.Core.Configuration;
using DbLogs.Core.Logs;

namespace DbLogs.Collection.Agent;

/// <summary>
/// Reads the agent's configuration (JSON, or YAML with the same keys):
/// <c>server</c> (a URL, or a list of them: the agent fails over between them), <c>agent_key</c> (may be <c>env:NAME</c>), <c>state_dir</c>, optional <c>batch_bytes</c> (default 8 MiB), and
/// <c>sources</c>: each <c>kind</c> (redis-run, mariadb-audit, mariadb-slow, mariadb-error), <c>path</c> (the live
/// file), <c>node</c> and optional <c>time_zone</c> (checked, not used: the service has the node's zone); optional <c>redis_slowlog</c> (see <see cref="SlowlogConfigReader"/>); optional
/// <c>metrics_listen</c> (an IP address and port where the agent serves <c>GET /metrics</c>, e.g. <c>127.0.0.1:9108</c>);
/// optional <c>compression</c> (<c>zstd</c> or <c>none</c>; by default none when every server is on this machine, else zstd).
/// </summary>
public static class AgentConfigReader
{
    public const int DefaultBatchBytes = 8 << 20;

    private static readonly string[] RootKeys = ["server", "agent_key", "state_dir", "batch_bytes", "sources", "redis_slowlog", "metrics_listen", "compression"];
    private static readonly string[] SourceKeys = ["kind", "path", "node", "time_zone"];

    public static AgentConfig ReadFile(string path, Func<string, string?> environment)
    {
        using var document = ConfigDocumentLoader.Load(path);
        return Read(document.RootElement, environment);
    }

    public static AgentConfig Read(JsonElement root, Func<string, string?> environment)
    {
        var reader = JsonObjectReader.Open(root, "", RootKeys);
        var servers = ReadServers(reader);
        var key = reader.RequiredString("agent_key", "the agent key issued by `dblogs admin` for the instance");
        if (key.StartsWith("env:", StringComparison.Ordinal))
        {
            key = environment(key[4..]) ?? throw JsonObjectReader.Error("agent_key", $"environment variable {key[4..]} is not set");
        }

        var stateDir = reader.RequiredString("state_dir", "a directory for the checkpoint file");
        // 8 MiB: per-batch costs (a request, a flush, a metadata commit) stop mattering; against 4 MiB it shipped the bench's
        // Redis log 30 % and its audit log 12 % faster (two batches in flight), for an idle agent 4 MB larger (28 MB).
        var batchBytes = reader.Get("batch_bytes") is null ? DefaultBatchBytes : reader.RequiredInteger("batch_bytes", 4096, 16 << 20);
        var sources = new List<SourceSpec>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, itemPath) in reader.Array("sources", required: !reader.Has("redis_slowlog"), "a list of sources"))
        {
            var source = JsonObjectReader.Open(element, itemPath, SourceKeys);
            var kindName = source.RequiredString("kind", "redis-run, mariadb-audit, mariadb-slow or mariadb-error");
            if (!LogKinds.TryParse(kindName, out var kind) || !LogKinds.All.Contains(kind))
            {
                throw JsonObjectReader.Error(source.PathOf("kind"), "must be redis-run, mariadb-audit, mariadb-slow or mariadb-error");
            }

            var path = source.RequiredString("path", "the absolute path of the live log file");
            if (!path.StartsWith('/'))
            {
                throw JsonObjectReader.Error(source.PathOf("path"), "must be an absolute path");
            }

            var node = source.RequiredString("node", "the node id as registered in the service");
            // Older configurations name the node's zone here; the service takes it from its registry, so it is only checked.
            if (source.OptionalString("time_zone", "an IANA time zone") is { } zoneId && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out _))
            {
                throw JsonObjectReader.Error(source.PathOf("time_zone"), $"unknown time zone \"{zoneId}\"");
            }

            var spec = new SourceSpec(kind, path, node);
            if (!keys.Add(spec.Key))
            {
                throw JsonObjectReader.Error(itemPath, $"source {spec.Key} is listed twice");
            }

            sources.Add(spec);
        }

        var slowlog = reader.Get("redis_slowlog") is { } polled ? SlowlogConfigReader.Read(polled, reader.PathOf("redis_slowlog"), environment) : null;
        var metrics = reader.OptionalString("metrics_listen", "an IP address and port, e.g. 127.0.0.1:9108") is { } listen
            ? IPEndPoint.TryParse(listen, out var endPoint) && endPoint.Port > 0
                ? endPoint
                : throw JsonObjectReader.Error("metrics_listen", "must be an IP address and port, e.g. 127.0.0.1:9108")
            : null;
        var compress = reader.OptionalString("compression", "zstd or none") switch
        {
            null => !servers.All(s => s.IsLoopback), // over loopback, compressing costs both processes CPU and saves nothing
            "zstd" => true,
            "none" => false,
            _ => throw JsonObjectReader.Error("compression", "must be zstd or none"),
        };
        return new AgentConfig(servers, key, stateDir, batchBytes, sources, slowlog, metrics, compress);
    }

    private static List<Uri> ReadServers(JsonObjectReader reader)
    {
        const string Expected = "an http:// or https:// URL, or a list of them";
        var items = reader.Get("server") is { ValueKind: JsonValueKind.Array }
            ? reader.Array("server", required: true, Expected)
            : [(reader.Get("server") ?? throw JsonObjectReader.Error("server", $"is required: {Expected}"), "server")];
        if (items.Count == 0)
        {
            throw JsonObjectReader.Error("server", $"must not be empty: {Expected}");
        }

        var servers = new List<Uri>();
        foreach (var (element, path) in items)
        {
            if (element.ValueKind != JsonValueKind.String || !Uri.TryCreate(element.GetString(), UriKind.Absolute, out var server)
                || server.Scheme is not ("http" or "https"))
            {
                throw JsonObjectReader.Error(path, "must be an http:// or https:// URL");
            }

            if (servers.Any(s => Uri.Compare(s, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0))
            {
                throw JsonObjectReader.Error(path, $"server {server} is listed twice");
            }

            servers.Add(server);
        }

        return servers;
    }
}
