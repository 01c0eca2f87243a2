using System.Text.Json;
using DbLogs.Collection.Agent;
using DbLogs.Collection.Redis;
using DbLogs.Core.Configuration;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary>The agent configuration's <c>redis_slowlog</c> section.</summary>
public class SlowlogConfigTests
{
    private static AgentConfig Read(string json, Func<string, string?>? environment = null)
    {
        using var document = JsonDocument.Parse(json);
        return AgentConfigReader.Read(document.RootElement, environment ?? (_ => null));
    }

    [Fact]
    public void Nodes_settings_and_env_passwords_are_read_and_sources_become_optional()
    {
        var config = Read("""
            {"server":"http://127.0.0.1:8080","agent_key":"k","state_dir":"/tmp/s",
             "redis_slowlog":{"interval_ms":250,"count":64,"nodes":[{"node":"r00","port":6379,"password":"env:PW"},{"node":"r01","host":"10.0.0.2","port":6380,"user":"poller","password":"p"}]}}
            """, name => name == "PW" ? "from-env" : null);

        Assert.Empty(config.Sources);
        var slowlog = config.Slowlog!;
        Assert.Equal((TimeSpan.FromMilliseconds(250), 64), (slowlog.Settings.Interval, slowlog.Settings.Count));
        Assert.Equal(("r00", "127.0.0.1", 6379, null, "from-env"),
            (slowlog.Nodes[0].NodeId, slowlog.Nodes[0].Endpoint.Host, slowlog.Nodes[0].Endpoint.Port, slowlog.Nodes[0].Endpoint.User, slowlog.Nodes[0].Endpoint.Password));
        Assert.Equal(("10.0.0.2", "poller"), (slowlog.Nodes[1].Endpoint.Host, slowlog.Nodes[1].Endpoint.User));
    }

    [Fact]
    public void Tls_is_true_or_an_object_with_a_ca_file_and_a_server_name()
    {
        var config = Read("""
            {"server":"http://127.0.0.1:8080","agent_key":"k","state_dir":"/tmp/s",
             "redis_slowlog":{"nodes":[{"node":"r00","port":6379},{"node":"r01","port":6380,"tls":true},
              {"node":"r02","host":"10.0.0.2","port":6381,"tls":{"ca_file":"/etc/dblogs/redis-ca.crt","server_name":"cache.internal"}}]}}
            """);

        Assert.Equal([null, new RedisTls(null, null), new RedisTls("/etc/dblogs/redis-ca.crt", "cache.internal")],
            config.Slowlog!.Nodes.Select(n => n.Endpoint.Tls));
    }

    [Theory]
    [InlineData("""{"nodes":[{"node":"r00","port":0}]}""", "redis_slowlog.nodes[0].port")]
    [InlineData("""{"nodes":[{"node":"r00","port":1,"tls":"yes"}]}""", "redis_slowlog.nodes[0].tls")]
    [InlineData("""{"nodes":[{"node":"r00","port":1,"tls":{"ca":"/x"}}]}""", "redis_slowlog.nodes[0].tls.ca")]
    [InlineData("""{"nodes":[{"node":"r00","port":1},{"node":"r00","port":2}]}""", "redis_slowlog.nodes[1].node")]
    [InlineData("""{"nodes":[{"node":"r00","port":1,"password":"env:MISSING"}]}""", "redis_slowlog.nodes[0].password")]
    [InlineData("""{"interval_ms":1,"nodes":[{"node":"r00","port":1}]}""", "redis_slowlog.interval_ms")]
    [InlineData("""{"nodes":[]}""", "redis_slowlog.nodes")]
    public void Bad_sections_name_the_key(string section, string keyPath)
    {
        var error = Assert.Throws<ConfigValidationException>(() =>
            Read($$"""{"server":"http://127.0.0.1:8080","agent_key":"k","state_dir":"/tmp/s","redis_slowlog":{{section}}}"""));

        Assert.Equal(keyPath, error.KeyPath);
    }

    [Fact]
    public void A_file_source_of_the_polled_kind_is_refused()
    {
        var error = Assert.Throws<ConfigValidationException>(() => Read(
            """{"server":"http://127.0.0.1:8080","agent_key":"k","state_dir":"/tmp/s","sources":[{"kind":"redis-slowlog","path":"/x","node":"r00"}]}"""));

        Assert.Equal("sources[0].kind", error.KeyPath);
    }
}
