using System.Text.Json;
using DbLogs.Collection.Agent;
using DbLogs.Core.Configuration;

namespace DbLogs.Tests.Collection.Agent;

/// <summary>The agent's <c>server</c>: one URL as before, or a list of the service's nodes in the order it prefers them.</summary>
public sealed class AgentServersConfigTests
{
    private const string Rest = """ "agent_key":"k","state_dir":"/tmp/s","sources":[{"kind":"redis-run","path":"/var/log/r.log","node":"a1"}] """;

    [Fact]
    public void One_url_or_a_list_of_urls_is_read_in_order()
    {
        Assert.Equal([new Uri("http://127.0.0.1:8080")], Read("\"http://127.0.0.1:8080\"").Servers);
        Assert.Equal([new Uri("http://10.0.0.1:8080"), new Uri("https://10.0.0.2:8443")],
            Read("""["http://10.0.0.1:8080","https://10.0.0.2:8443"]""").Servers);
    }

    [Theory]
    [InlineData("[]", "server", "must not be empty")]
    [InlineData("""["http://a:1","ftp://b:2"]""", "server[1]", "http:// or https://")]
    [InlineData("""["http://a:1",7]""", "server[1]", "http:// or https://")]
    [InlineData("""["http://a:1","http://A:1/"]""", "server[1]", "listed twice")]
    [InlineData("{}", "server", "http:// or https://")]
    public void A_bad_server_list_names_the_item_at_fault(string server, string path, string problem)
    {
        var error = Assert.Throws<ConfigValidationException>(() => Read(server));

        Assert.Equal(path, error.KeyPath);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    private static AgentConfig Read(string server)
    {
        using var document = JsonDocument.Parse($$"""{"server":{{server}},{{Rest}}}""");
        return AgentConfigReader.Read(document.RootElement, _ => null);
    }
}
