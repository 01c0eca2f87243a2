using System.Globalization;

namespace DbLogs.Tests.RealServers;

internal static class RedisBootstrap
{
    /// <summary>
    /// A bootstrap file with one Redis instance of one shard whose run logs are collected: the first server is master
    /// <c>r1</c> on 127.0.0.1, each next one replica <c>r{n}</c> on 127.0.0.{n}.
    /// </summary>
    public static string Write(string directory, params RedisServer[] servers) => Collected.WriteBootstrap(directory, new
    {
        id = Guid.NewGuid().ToString("D"),
        name = "cache-real",
        engine = "redis",
        shards = new[]
        {
            new
            {
                name = "group-0",
                replicas = servers.Select((server, i) => new
                {
                    id = string.Create(CultureInfo.InvariantCulture, $"r{i + 1}"),
                    ip = string.Create(CultureInfo.InvariantCulture, $"127.0.0.{i + 1}"),
                    port = server.Port,
                    role = i == 0 ? "master" : "replica",
                    time_zone = "UTC",
                    logs = new { run = server.LogFile },
                }).ToArray(),
            },
        },
    });
}
