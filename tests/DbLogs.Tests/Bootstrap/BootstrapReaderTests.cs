using System.Text.Json;
using DbLogs.Core.Configuration;
using DbLogs.Server.Bootstrap;

namespace DbLogs.Tests.Bootstrap;

public sealed class BootstrapReaderTests : IDisposable
{
    /// <summary>The spec's example, extended with a second replica (no time zone) and a second shard.</summary>
    private const string ExampleJson = """
        {
          "projects": [
            {
              "id": "0524e839a54847039e9b2b46e8aa788a",
              "name": "demo",
              "access_keys": [ { "ak": "DEMOAK", "sk": "DEMOSK" } ],
              "users": [ { "name": "alice", "password": "12345" } ],
              "instances": [
                {
                  "id": "5c597ce5-9823-48aa-bf4d-2defb9385b4a",
                  "name": "cache-1",
                  "engine": "redis",
                  "shards": [
                    {
                      "name": "group-0",
                      "replicas": [
                        {
                          "id": "a1b2c3",
                          "ip": "127.0.0.1",
                          "port": 6379,
                          "role": "master",
                          "time_zone": "UTC",
                          "password": null,
                          "logs": { "run": "/var/log/redis/redis-server.log" }
                        },
                        { "id": "a1b2c4", "ip": "::1", "port": 6380, "role": "replica" }
                      ]
                    },
                    {
                      "name": "group-1",
                      "replicas": [
                        { "id": "b1", "ip": "10.0.0.2", "port": 6381, "role": "master", "password": "env:REDIS_PASSWORD" }
                      ]
                    }
                  ]
                },
                {
                  "id": "eb8fe5d181ec44a2850302691541f760in01",
                  "name": "db-1",
                  "engine": "mysql",
                  "nodes": [
                    {
                      "id": "n1",
                      "ip": "127.0.0.1",
                      "port": 3306,
                      "time_zone": "Europe/Berlin",
                      "socket": "/run/mysqld/mysqld.sock",
                      "user": "root",
                      "password": null,
                      "logs": {
                        "audit": "/var/lib/mysql/server_audit.log",
                        "slow": "/var/log/mysql/mariadb-slow.log",
                        "error": "/var/log/mysql/error.log"
                      }
                    }
                  ]
                }
              ]
            }
          ]
        }
        """;

    private const string ExampleYaml = """
        # The same content as ExampleJson.
        projects:
          - id: 0524e839a54847039e9b2b46e8aa788a
            name: demo
            access_keys:
              - { ak: DEMOAK, sk: DEMOSK }
            users:
              - name: alice
                password: "12345"
            instances:
              - id: 5c597ce5-9823-48aa-bf4d-2defb9385b4a
                name: cache-1
                engine: redis
                shards:
                  - name: group-0
                    replicas:
                      - id: 'a1b2c3'
                        ip: 127.0.0.1
                        port: 6379
                        role: master
                        time_zone: UTC
                        password: ~
                        logs:
                          run: /var/log/redis/redis-server.log
                      - { id: a1b2c4, ip: "::1", port: 6380, role: replica }
                  - name: group-1
                    replicas:
                      - id: b1
                        ip: 10.0.0.2
                        port: 6381
                        role: master
                        password: env:REDIS_PASSWORD
              - id: eb8fe5d181ec44a2850302691541f760in01
                name: db-1
                engine: mysql
                nodes:
                  - id: n1
                    ip: 127.0.0.1
                    port: 3306
                    time_zone: Europe/Berlin
                    socket: /run/mysqld/mysqld.sock
                    user: root
                    password: null
                    logs:
                      audit: /var/lib/mysql/server_audit.log
                      slow: /var/log/mysql/mariadb-slow.log
                      error: /var/log/mysql/error.log
        """;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "dblogs-bootstrap-" + Guid.NewGuid().ToString("N"));

    public BootstrapReaderTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ReadFile_SpecExample_ParsesIntoModel()
    {
        var file = BootstrapReader.ReadFile(Write("bootstrap.json", ExampleJson), Environment);

        var project = Assert.Single(file.Projects);
        Assert.Equal("0524e839a54847039e9b2b46e8aa788a", project.Id);
        Assert.Equal("demo", project.Name);
        Assert.Equal(new AccessKeySpec("DEMOAK", "DEMOSK"), Assert.Single(project.AccessKeys));
        Assert.Equal(new UserSpec("alice", "12345"), Assert.Single(project.Users));
        Assert.Equal(2, project.Instances.Count);

        var redis = project.Instances[0];
        Assert.Equal(("5c597ce5-9823-48aa-bf4d-2defb9385b4a", "cache-1", "redis"), (redis.Id, redis.Name, redis.Engine));
        Assert.Equal(["a1b2c3", "a1b2c4", "b1"], redis.Nodes.Select(n => n.Id));
        Assert.Equal(["group-0", "group-0", "group-1"], redis.Nodes.Select(n => n.Shard));
        Assert.Equal(["master", "replica", "master"], redis.Nodes.Select(n => n.Role));
        Assert.Equal([6379, 6380, 6381], redis.Nodes.Select(n => n.Port));
        Assert.Equal("::1", redis.Nodes[1].Ip);
        Assert.Equal("UTC", redis.Nodes[1].TimeZone);
        Assert.Null(redis.Nodes[0].Password);
        Assert.Equal("redis-secret", redis.Nodes[2].Password);
        Assert.Equal("/var/log/redis/redis-server.log", Assert.Single(redis.Nodes[0].Logs).Value);
        Assert.Empty(redis.Nodes[1].Logs);
        Assert.All(redis.Nodes, n => Assert.Null(n.Socket));

        var mysql = project.Instances[1];
        Assert.Equal(("eb8fe5d181ec44a2850302691541f760in01", "db-1", "mysql"), (mysql.Id, mysql.Name, mysql.Engine));
        var node = Assert.Single(mysql.Nodes);
        Assert.Equal(("n1", (string?)null, (string?)null), (node.Id, node.Shard, node.Role));
        Assert.Equal(("127.0.0.1", 3306, "Europe/Berlin"), (node.Ip, node.Port, node.TimeZone));
        Assert.Equal(("/run/mysqld/mysqld.sock", "root", (string?)null), (node.Socket, node.User, node.Password));
        Assert.Equal(["audit", "error", "slow"], node.Logs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/var/log/mysql/mariadb-slow.log", node.Logs["slow"]);
    }

    [Theory]
    [InlineData("bootstrap.yaml")]
    [InlineData("bootstrap.yml")]
    public void ReadFile_Yaml_EqualsJson(string name)
    {
        var fromJson = BootstrapReader.ReadFile(Write("bootstrap.json", ExampleJson), Environment);
        var fromYaml = BootstrapReader.ReadFile(Write(name, ExampleYaml), Environment);

        var project = Assert.Single(fromYaml.Projects);
        Assert.Equal("0524e839a54847039e9b2b46e8aa788a", project.Id);
        Assert.Equal("12345", Assert.Single(project.Users).Password);
        Assert.Equal(3, project.Instances[0].Nodes.Count);
        Assert.Equal(6379, project.Instances[0].Nodes[0].Port);
        Assert.Null(project.Instances[0].Nodes[0].Password);
        Assert.Null(project.Instances[1].Nodes[0].Password);
        Assert.Equal(3, project.Instances[1].Nodes[0].Logs.Count);
        Assert.Equal(JsonSerializer.Serialize(fromJson), JsonSerializer.Serialize(fromYaml));
    }

    [Fact]
    public void ReadFile_YamlQuotedNumber_StaysString()
    {
        var path = Write("quoted.yaml", ExampleYaml.Replace("port: 6379", "port: \"6379\"", StringComparison.Ordinal));

        var error = Assert.Throws<ConfigValidationException>(() => BootstrapReader.ReadFile(path, Environment));

        Assert.Equal("projects[0].instances[0].shards[0].replicas[0].port", error.KeyPath);
        Assert.Contains("must be an integer", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EnvSecrets_ResolveThroughCallback()
    {
        var json = ExampleJson
            .Replace("\"sk\": \"DEMOSK\"", "\"sk\": \"env:DEMO_SK\"", StringComparison.Ordinal)
            .Replace("\"password\": \"12345\"", "\"password\": \"env:ALICE_PASSWORD\"", StringComparison.Ordinal);

        var project = Assert.Single(Parse(json).Projects);

        Assert.Equal("demo-sk-from-env", Assert.Single(project.AccessKeys).Sk);
        Assert.Equal("alice-from-env", Assert.Single(project.Users).Password);
        Assert.Equal("redis-secret", project.Instances[0].Nodes[2].Password);
    }

    [Fact]
    public void Read_UnsetEnvVariable_NamesKeyAndVariable()
    {
        var json = ExampleJson.Replace("\"sk\": \"DEMOSK\"", "\"sk\": \"env:MISSING_SK\"", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigValidationException>(() => Parse(json));

        Assert.Equal("projects[0].access_keys[0].sk", error.KeyPath);
        Assert.Contains("MISSING_SK", error.Problem, StringComparison.Ordinal);
        Assert.Contains("not set", error.Problem, StringComparison.Ordinal);
        Assert.StartsWith("projects[0].access_keys[0].sk: ", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> InvalidEdits => new()
    {
        { "\"engine\": \"redis\"", "\"engine\": \"postgres\"", "projects[0].instances[0].engine" },
        { "\"engine\": \"mysql\",", "", "projects[0].instances[1].engine" },
        { "\"port\": 6379", "\"port\": 0", "projects[0].instances[0].shards[0].replicas[0].port" },
        { "\"port\": 6379", "\"port\": 70000", "projects[0].instances[0].shards[0].replicas[0].port" },
        { "\"port\": 6379", "\"port\": \"x\"", "projects[0].instances[0].shards[0].replicas[0].port" },
        { "\"port\": 6379", "\"port\": 6379.5", "projects[0].instances[0].shards[0].replicas[0].port" },
        { "\"port\": 3306,", "\"port\": 3306, \"port\": 3307,", "projects[0].instances[1].nodes[0].port" },
        { "\"access_keys\"", "\"acess_keys\"", "projects[0].acess_keys" },
        { "\"sk\": \"DEMOSK\" }", "\"sk\": \"DEMOSK\" }, { \"ak\": \"DEMOAK\", \"sk\": \"X\" }", "projects[0].access_keys[1].ak" },
        { "\"ak\": \"DEMOAK\"", "\"ak\": \"DEMO AK\"", "projects[0].access_keys[0].ak" },
        { "\"sk\": \"DEMOSK\"", "\"sk\": \"\"", "projects[0].access_keys[0].sk" },
        { "\"password\": \"12345\" }", "\"password\": \"12345\" }, { \"name\": \"alice\", \"password\": \"x\" }", "projects[0].users[1].name" },
        { "\"id\": \"b1\"", "\"id\": \"a1b2c3\"", "projects[0].instances[0].shards[1].replicas[0].id" },
        { "\"port\": 6380, \"role\": \"replica\"", "\"port\": 6380, \"role\": \"master\"", "projects[0].instances[0].shards[0].replicas[1].role" },
        { "\"port\": 6380, \"role\": \"replica\"", "\"port\": 6380", "projects[0].instances[0].shards[0].replicas[1].role" },
        { "\"port\": 6380, \"role\": \"replica\"", "\"port\": 6380, \"role\": \"slave\"", "projects[0].instances[0].shards[0].replicas[1].role" },
        { "\"ip\": \"10.0.0.2\"", "\"ip\": \"1\"", "projects[0].instances[0].shards[1].replicas[0].ip" },
        { "\"ip\": \"10.0.0.2\"", "\"ip\": \"10.2\"", "projects[0].instances[0].shards[1].replicas[0].ip" },
        { "\"ip\": \"::1\"", "\"ip\": \"localhost\"", "projects[0].instances[0].shards[0].replicas[1].ip" },
        { "\"time_zone\": \"Europe/Berlin\"", "\"time_zone\": \"Mars/Olympus_Mons\"", "projects[0].instances[1].nodes[0].time_zone" },
        { "\"slow\": \"/var/log/mysql/mariadb-slow.log\"", "\"slow\": \"mariadb-slow.log\"", "projects[0].instances[1].nodes[0].logs.slow" },
        { "\"error\": \"/var/log/mysql/error.log\"", "\"error\": \"/var/log/\\u0000error.log\"", "projects[0].instances[1].nodes[0].logs.error" },
        { "\"run\": \"/var", "\"slow\": \"/var", "projects[0].instances[0].shards[0].replicas[0].logs.slow" },
        { "\"engine\": \"redis\",", "\"engine\": \"redis\", \"nodes\": [],", "projects[0].instances[0].nodes" },
        { "\"engine\": \"mysql\",", "\"engine\": \"mysql\", \"shards\": [],", "projects[0].instances[1].shards" },
        { "\"5c597ce5-9823-48aa-bf4d-2defb9385b4a\"", "\"eb8fe5d181ec44a2850302691541f761in01\"", "projects[0].instances[0].id" },
        { "\"eb8fe5d181ec44a2850302691541f760in01\"", "\"5c597ce5-9823-48aa-bf4d-2defb9385b4b\"", "projects[0].instances[1].id" },
        { "\"eb8fe5d181ec44a2850302691541f760in01\"", "\"5c597ce5-9823-48aa-bf4d-2defb9385b4a\"", "projects[0].instances[1].id" },
        { "\"name\": \"db-1\",", "", "projects[0].instances[1].name" },
        { "\"name\": \"db-1\",", "\"name\": \"cache-1\",", "projects[0].instances[1].name" },
        { "\"name\": \"demo\"", "\"name\": \"de mo\"", "projects[0].name" },
        { "\"name\": \"demo\"", "\"name\": 5", "projects[0].name" },
        { "\"0524e839a54847039e9b2b46e8aa788a\"", "\"0524E839A54847039E9B2B46E8AA788A\"", "projects[0].id" },
        { "\"time_zone\": \"UTC\",", "\"time_zone\": \"UTC\", \"socket\": \"/tmp/redis.sock\",", "projects[0].instances[0].shards[0].replicas[0].socket" },
        { "\"id\": \"n1\",", "\"id\": \"n1\", \"role\": \"master\",", "projects[0].instances[1].nodes[0].role" },
        { "\"socket\": \"/run/mysqld/mysqld.sock\"", "\"socket\": \"mysqld.sock\"", "projects[0].instances[1].nodes[0].socket" },
        { "\"name\": \"group-1\"", "\"name\": \"shard-1\"", "projects[0].instances[0].shards[1].name" },
        { "\"name\": \"group-1\"", "\"name\": \"group-0\"", "projects[0].instances[0].shards[1].name" },
        { "\"password\": \"env:REDIS_PASSWORD\"", "\"password\": \"env:\"", "projects[0].instances[0].shards[1].replicas[0].password" },
        { "\"password\": \"env:REDIS_PASSWORD\"", "\"password\": 42", "projects[0].instances[0].shards[1].replicas[0].password" },
        { "\"users\": [ { \"name\": \"alice\", \"password\": \"12345\" } ]", "\"users\": 1", "projects[0].users" },
    };

    [Theory]
    [MemberData(nameof(InvalidEdits))]
    public void Read_InvalidEdit_NamesKey(string find, string replace, string keyPath)
    {
        Assert.Equal(1, CountOf(ExampleJson, find));
        var json = ExampleJson.Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.Throws<ConfigValidationException>(() => Parse(json));

        Assert.Equal(keyPath, error.KeyPath);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    public static TheoryData<string, string> InvalidDocuments => new()
    {
        { "[]", "$" },
        { "{}", "projects" },
        { """{ "projects": {} }""", "projects" },
        { """{ "projects": [], "extra": 1 }""", "extra" },
        { """{ "projects": [ 1 ] }""", "projects[0]" },
        { """{ "projects": [ { "name": "a" }, { "name": "a" } ] }""", "projects[1].name" },
        { """{ "projects": [ { "id": "0524e839a54847039e9b2b46e8aa788a", "name": "a" }, { "id": "0524e839a54847039e9b2b46e8aa788a", "name": "b" } ] }""", "projects[1].id" },
        { """{ "projects": [ { "name": "a", "access_keys": [ { "ak": "K", "sk": "s" } ] }, { "name": "b", "access_keys": [ { "ak": "K", "sk": "t" } ] } ] }""", "projects[1].access_keys[0].ak" },
        { """{ "projects": [ { "name": "a", "instances": [ { "id": "eb8fe5d181ec44a2850302691541f760in01", "name": "x", "engine": "mysql", "nodes": [ { "id": "n", "ip": "1.2.3.4", "port": 1 } ] } ] }, { "name": "b", "instances": [ { "id": "eb8fe5d181ec44a2850302691541f760in01", "name": "y", "engine": "mysql", "nodes": [ { "id": "n", "ip": "1.2.3.4", "port": 1 } ] } ] } ] }""", "projects[1].instances[0].id" },
        { """{ "projects": [ { "name": "a", "instances": [ { "name": "r", "engine": "redis", "shards": [] } ] } ] }""", "projects[0].instances[0].shards" },
        { """{ "projects": [ { "name": "a", "instances": [ { "name": "r", "engine": "redis" } ] } ] }""", "projects[0].instances[0].shards" },
        { """{ "projects": [ { "name": "a", "instances": [ { "name": "r", "engine": "redis", "shards": [ { "name": "group-0", "replicas": [] } ] } ] } ] }""", "projects[0].instances[0].shards[0].replicas" },
        { """{ "projects": [ { "name": "a", "instances": [ { "name": "m", "engine": "mysql", "nodes": [] } ] } ] }""", "projects[0].instances[0].nodes" },
        { """{ "projects": [ { "name": "a", "instances": [ { "name": "m", "engine": "mysql", "nodes": [ { "id": "n", "ip": "1.2.3.4" } ] } ] } ] }""", "projects[0].instances[0].nodes[0].port" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Read_InvalidDocument_NamesKey(string json, string keyPath)
    {
        var error = Assert.Throws<ConfigValidationException>(() => Parse(json));

        Assert.Equal(keyPath, error.KeyPath);
    }

    [Fact]
    public void ReadInstance_RequestBody_UsesGivenPrefix()
    {
        const string Body = """{ "name": "m", "engine": "mysql", "nodes": [ { "id": "n", "ip": "1.2.3.4", "port": 0 } ] }""";
        using var document = JsonDocument.Parse(Body);

        var atRoot = Assert.Throws<ConfigValidationException>(
            () => BootstrapReader.ReadInstance(document.RootElement, "", Environment));
        var prefixed = Assert.Throws<ConfigValidationException>(
            () => BootstrapReader.ReadInstance(document.RootElement, "body", Environment));

        Assert.Equal("nodes[0].port", atRoot.KeyPath);
        Assert.Equal("body.nodes[0].port", prefixed.KeyPath);
    }

    [Fact]
    public void ReadFile_UnparseableJson_NamesFileAndLine()
    {
        var path = Write("broken.json", "{\n  \"projects\": [\n    { \"name\": }\n  ]\n}\n");

        var error = Assert.Throws<ConfigValidationException>(() => BootstrapReader.ReadFile(path, Environment));

        Assert.Equal(path, error.KeyPath);
        Assert.Contains("line 3", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("projects:\n  - name: a\n    users: [ {\n", "line")]
    [InlineData("projects:\n  - name: a\n  - name: b\n    name: c\n", "line 4")]
    [InlineData("", "empty")]
    public void ReadFile_UnparseableYaml_NamesFile(string yaml, string expected)
    {
        var path = Write("broken.yaml", yaml);

        var error = Assert.Throws<ConfigValidationException>(() => BootstrapReader.ReadFile(path, Environment));

        Assert.Equal(path, error.KeyPath);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFile_NamesFile()
    {
        var path = Path.Combine(directory, "missing.json");

        var error = Assert.Throws<ConfigValidationException>(() => BootstrapReader.ReadFile(path, Environment));

        Assert.Equal(path, error.KeyPath);
        Assert.Contains("not found", error.Problem, StringComparison.Ordinal);
    }

    private static string? Environment(string name) => name switch
    {
        "REDIS_PASSWORD" => "redis-secret",
        "DEMO_SK" => "demo-sk-from-env",
        "ALICE_PASSWORD" => "alice-from-env",
        _ => null,
    };

    private static BootstrapFile Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return BootstrapReader.Read(document.RootElement, Environment);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0;
            index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
