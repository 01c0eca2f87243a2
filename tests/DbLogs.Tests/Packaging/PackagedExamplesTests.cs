using DbLogs.Collection.Agent;
using DbLogs.Server;
using DbLogs.Server.Bootstrap;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Tests.Packaging;

/// <summary>The files the package puts in /etc/dblogs (packaging/deb/etc) are read by the readers the programs use.</summary>
public class PackagedExamplesTests
{
    private static string Etc(string name) => Path.Combine(DebianPackage.RepositoryRoot(), "packaging", "deb", "etc", name);

    [Fact]
    public void The_default_settings_listen_on_loopback_and_keep_the_data_in_var_lib()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Etc("dblogs.json")).Build();

        Assert.Equal("/var/lib/dblogs", configuration.Get<DbLogsOptions>()!.Data);
        Assert.Equal("http://127.0.0.1:8080", configuration["urls"]);
        Assert.Null(configuration["Bootstrap"]);
    }

    [Fact]
    public void The_example_bootstrap_and_agent_configuration_are_valid()
    {
        var bootstrap = BootstrapReader.ReadFile(Etc("bootstrap.example.yaml"), _ => "an example secret value");
        Assert.Equal(2, Assert.Single(bootstrap.Projects).Instances.Count);

        var agent = AgentConfigReader.ReadFile(Etc("agent.example.yaml"), _ => "dblk_example");
        Assert.Equal(2, agent.Sources.Count);
    }
}
