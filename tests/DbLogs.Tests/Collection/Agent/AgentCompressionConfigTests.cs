using System.Text.Json;
using DbLogs.Collection.Agent;
using DbLogs.Core.Configuration;

namespace DbLogs.Tests.Collection.Agent;

/// <summary>The agent's <c>compression</c>: zstd over a network, none to a service on the same machine, unless set.</summary>
public sealed class AgentCompressionConfigTests
{
    [Theory]
    [InlineData("\"http://127.0.0.1:8080\"", null, false)]
    [InlineData("\"http://localhost:8080\"", null, false)]
    [InlineData("\"http://[::1]:8080\"", null, false)]
    [InlineData("\"http://10.0.0.1:8080\"", null, true)]
    [InlineData("\"https://logs.example.com\"", null, true)]
    [InlineData("""["http://127.0.0.1:8080","http://10.0.0.2:8080"]""", null, true)]
    [InlineData("\"http://127.0.0.1:8080\"", "zstd", true)]
    [InlineData("\"http://10.0.0.1:8080\"", "none", false)]
    public void Batches_are_compressed_unless_every_server_is_on_this_machine_or_the_setting_says_otherwise(string server, string? compression,
        bool compressed)
    {
        Assert.Equal(compressed, Read(server, compression).Compress);
    }

    [Theory]
    [InlineData("\"gzip\"")]
    [InlineData("true")]
    public void An_unknown_compression_names_the_key_and_the_choices(string compression)
    {
        var error = Assert.Throws<ConfigValidationException>(() => Read("\"http://127.0.0.1:8080\"", compression, quoted: false));

        Assert.Equal("compression", error.KeyPath);
        Assert.Contains("zstd or none", error.Problem, StringComparison.Ordinal);
    }

    private static AgentConfig Read(string server, string? compression, bool quoted = true)
    {
        var setting = compression is null ? "" : quoted ? $""","compression":"{compression}" """ : $""","compression":{compression}""";
        using var document = JsonDocument.Parse($$"""
            {"server":{{server}},"agent_key":"k","state_dir":"/tmp/s","sources":[{"kind":"redis-run","path":"/var/log/r.log","node":"a1"}]{{setting}}}
            """);
        return AgentConfigReader.Read(document.RootElement, _ => null);
    }
}
