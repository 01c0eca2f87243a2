using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DbLogs.Cli.Admin;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Cli;

/// <summary><c>dblogs admin …</c> run in-process against the in-process service, through its real admin API.</summary>
public class AdminCommandTests
{
    private const string RedisSpec = """
        {
          "name": "cache-1",
          "engine": "redis",
          "shards": [
            {
              "name": "group-1",
              "replicas": [
                { "id": "r10", "ip": "10.0.0.11", "port": 6380, "role": "replica", "time_zone": "Asia/Shanghai" },
                { "id": "r11", "ip": "10.0.0.10", "port": 6379, "role": "master", "time_zone": "Asia/Shanghai" }
              ]
            },
            {
              "name": "group-0",
              "replicas": [
                { "id": "r00", "ip": "10.0.0.1", "port": 6379, "role": "master", "logs": { "run": "/var/log/redis/redis-server.log" } },
                { "id": "r01", "ip": "10.0.0.2", "port": 6379, "role": "replica" }
              ]
            }
          ]
        }
        """;

    private const string MySqlSpec = """
        {
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
              "logs": { "audit": "/var/lib/mysql/server_audit.log", "slow": "/var/log/mysql/mariadb-slow.log" }
            }
          ]
        }
        """;

    [Fact]
    public async Task Project_create_then_list_as_table_and_as_json()
    {
        await using var app = await TestApp.StartAsync();

        var created = await Admin(app, "project", "create", "payments");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Created project payments", created.Out);

        var list = await Admin(app, "project", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("payments", list.Out);
        Assert.Contains("Created", list.Out);
        Assert.DoesNotContain('\u001b', list.Out);
        Assert.Equal("", list.Err);

        var json = await Admin(app, "project", "list", "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var project = Assert.Single(doc.RootElement.EnumerateArray(), p => p.GetProperty("name").GetString() == "payments");
        Assert.Matches("^[0-9a-f]{32}$", project.GetProperty("id").GetString());
        Assert.Contains(project.GetProperty("id").GetString()!, list.Out);
        Assert.Contains("\n  ", json.Out);
    }

    [Fact]
    public async Task Project_create_with_id_and_delete_by_name()
    {
        await using var app = await TestApp.StartAsync();
        const string id = "0524e839a54847039e9b2b46e8aa788a";

        Assert.Equal(0, (await Admin(app, "project", "create", "billing", "--id", id)).ExitCode);
        var json = await Admin(app, "--json", "project", "list");
        Assert.Contains($"\"id\": \"{id}\"", json.Out);

        var deleted = await Admin(app, "project", "delete", "billing");
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains($"Deleted project {id}", deleted.Out);
        Assert.Contains("No projects.", (await Admin(app, "project", "list")).Out);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task A_dot_segment_as_a_name_is_a_usage_error_and_deletes_nothing(string name)
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");
        Assert.Equal(0, (await Admin(app, "user", "create", "--project", projectId, "bob", "--password", "s3cret-pw")).ExitCode);

        var deleted = await Admin(app, "user", "delete", "--project", projectId, name);
        var shown = await Admin(app, "instance", "show", name);
        var created = await Admin(app, "user", "create", "--project", projectId, name, "--password", "s3cret-pw");

        Assert.Equal(2, deleted.ExitCode);
        Assert.Contains("not a path segment of its own", deleted.Err, StringComparison.Ordinal);
        Assert.Equal(2, shown.ExitCode);
        Assert.Equal(1, created.ExitCode);
        var users = await Admin(app, "user", "list", "--project", projectId, "--json");
        Assert.Equal(0, users.ExitCode);
        Assert.Contains("bob", users.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_project_is_an_api_error_with_exit_code_1()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(0, (await Admin(app, "project", "create", "payments")).ExitCode);

        var again = await Admin(app, "project", "create", "payments");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: DBLOGS.409: ", again.Err);
        Assert.Equal("", again.Out);
    }

    [Fact]
    public async Task Invalid_project_name_is_the_api_400()
    {
        await using var app = await TestApp.StartAsync();

        var result = await Admin(app, "project", "create", "no spaces allowed");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: DBLOGS.400: ", result.Err);
    }

    [Fact]
    public async Task User_create_list_delete()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");

        var created = await Admin(app, "user", "create", "--project", "demo", "bob", "--password", "s3cret-pw");
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Created user bob", created.Out);
        await app.IssueTokenAsync(new TestProject(projectId, "demo", "", "", "bob"), "s3cret-pw");

        var list = await Admin(app, "user", "list", "--project", projectId);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("bob", list.Out);

        var json = await Admin(app, "user", "list", "--project", projectId, "--json");
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var user = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("bob", user.GetProperty("name").GetString());
            Assert.Equal(projectId, user.GetProperty("project_id").GetString());
            Assert.False(user.TryGetProperty("password", out _));
        }

        var duplicate = await Admin(app, "user", "create", "--project", projectId, "bob", "--password", "x");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("DBLOGS.409", duplicate.Err);

        var deleted = await Admin(app, "user", "delete", "--project", projectId, "bob");
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("No users.", (await Admin(app, "user", "list", "--project", projectId)).Out);

        var again = await Admin(app, "user", "delete", "--project", projectId, "bob");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: DBLOGS.404: ", again.Err);
    }

    [Fact]
    public async Task User_password_comes_from_the_environment_or_the_terminal_or_fails_clearly()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");

        var fromEnvironment = await Admin(app, ["user", "create", "--project", projectId, "carol"],
            new Dictionary<string, string> { ["DBLOGS_PASSWORD"] = "from-env-pw" });
        Assert.Equal(0, fromEnvironment.ExitCode);
        await app.IssueTokenAsync(new TestProject(projectId, "demo", "", "", "carol"), "from-env-pw");

        var prompts = new List<string>();
        var fromTerminal = await Admin(app, ["user", "create", "--project", projectId, "dave"], prompt: p =>
        {
            prompts.Add(p);
            return "typed-pw";
        });
        Assert.Equal(0, fromTerminal.ExitCode);
        Assert.Equal(2, prompts.Count);
        await app.IssueTokenAsync(new TestProject(projectId, "demo", "", "", "dave"), "typed-pw");

        var mismatch = 0;
        var typo = await Admin(app, ["user", "create", "--project", projectId, "erin"], prompt: _ => mismatch++ == 0 ? "one" : "two");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("do not match", typo.Err);

        var none = await Admin(app, "user", "create", "--project", projectId, "frank");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("DBLOGS_PASSWORD", none.Err);
        Assert.DoesNotContain("frank", (await Admin(app, "user", "list", "--project", projectId)).Out);
    }

    [Fact]
    public async Task Key_create_prints_the_secret_once_and_list_never()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");

        var created = await Admin(app, "key", "create", "--project", projectId);
        Assert.Equal(0, created.ExitCode);
        var ak = Regex.Match(created.Out, @"AK: (\S+)").Groups[1].Value;
        var sk = Regex.Match(created.Out, @"SK: (\S+)").Groups[1].Value;
        Assert.Matches("^[A-Z0-9]{20}$", ak);
        Assert.Equal(40, sk.Length);
        Assert.Single(Regex.Matches(created.Out, Regex.Escape(sk)));
        Assert.Contains("will not be shown again", created.Out);

        // The printed pair signs requests.
        await Admin(app, "user", "create", "--project", projectId, "alice", "--password", "pw");
        var project = new TestProject(projectId, "demo", ak, sk, "alice");
        var instance = await app.CreateRedisInstanceAsync(project);
        var signed = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{projectId}/instances/{instance}/redislog?log_type=run", project);
        Assert.Equal(HttpStatusCode.NoContent, signed.StatusCode);

        var list = await Admin(app, "key", "list", "--project", projectId);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(ak, list.Out);
        Assert.DoesNotContain(sk, list.Out);
        var json = await Admin(app, "key", "list", "--project", projectId, "--json");
        Assert.Contains(ak, json.Out);
        Assert.DoesNotContain(sk, json.Out);
        Assert.DoesNotContain("\"sk\"", json.Out);

        var deleted = await Admin(app, "key", "delete", "--project", projectId, ak);
        Assert.Equal(0, deleted.ExitCode);
        Assert.DoesNotContain(ak, (await Admin(app, "key", "list", "--project", projectId)).Out);
    }

    [Fact]
    public async Task Key_create_with_given_pair_and_json_output()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");

        var created = await Admin(app, "key", "create", "--project", "demo", "--ak", "MYAK", "--sk", "MySecretKey", "--json");

        Assert.Equal(0, created.ExitCode);
        using var doc = JsonDocument.Parse(created.Out);
        Assert.Equal("MYAK", doc.RootElement.GetProperty("ak").GetString());
        Assert.Equal("MySecretKey", doc.RootElement.GetProperty("sk").GetString());
        Assert.Equal(projectId, doc.RootElement.GetProperty("project_id").GetString());
        Assert.Contains("will not be shown again", created.Err);

        var duplicate = await Admin(app, "key", "create", "--project", projectId, "--ak", "MYAK");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("DBLOGS.409", duplicate.Err);
    }

    [Fact]
    public async Task Redis_instance_create_show_list_delete()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");
        using var spec = new SpecFile(RedisSpec);

        var created = await Admin(app, "instance", "create", "--project", "demo", "--file", spec.Path);
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Created redis instance cache-1", created.Out);

        var list = await Admin(app, "instance", "list", "--project", projectId, "--json");
        Assert.Equal(0, list.ExitCode);
        string id;
        using (var doc = JsonDocument.Parse(list.Out))
        {
            var instance = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("cache-1", instance.GetProperty("name").GetString());
            Assert.Equal(4, instance.GetProperty("node_count").GetInt32());
            id = instance.GetProperty("id").GetString()!;
        }

        var table = await Admin(app, "instance", "list", "--project", projectId);
        Assert.Contains(id, table.Out);
        Assert.Contains("redis", table.Out);

        var show = await Admin(app, "instance", "show", id);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("4 in 2 shards", show.Out);
        var lines = show.Out.Split('\n');
        var group0 = Array.FindIndex(lines, l => l.Contains("group-0"));
        var group1 = Array.FindIndex(lines, l => l.Contains("group-1"));
        Assert.True(group0 > 0 && group1 > group0, show.Out);

        // Each shard's master comes first, on the shard's row.
        Assert.StartsWith("group-1\tr11\t10.0.0.10:6379\tmaster\tAsia/Shanghai\t", lines[group1], StringComparison.Ordinal);
        var r10 = Assert.Single(lines, l => l.Contains("r10"));
        Assert.Contains("10.0.0.11:6380", r10);
        Assert.Contains("replica", r10);
        Assert.DoesNotContain("group-", r10);
        var r00 = Assert.Single(lines, l => l.Contains("r00"));
        Assert.Contains("run: /var/log/redis/redis-server.log", r00);
        Assert.Contains("UTC", r00);

        var showJson = await Admin(app, "instance", "show", id, "--json");
        using (var doc = JsonDocument.Parse(showJson.Out))
        {
            Assert.Equal("redis", doc.RootElement.GetProperty("engine").GetString());
            Assert.Equal(4, doc.RootElement.GetProperty("nodes").GetArrayLength());
        }

        var deleted = await Admin(app, "instance", "delete", id);
        Assert.Equal(0, deleted.ExitCode);
        var gone = await Admin(app, "instance", "show", id);
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("error: DBLOGS.404: ", gone.Err);
        Assert.Contains("No instances.", (await Admin(app, "instance", "list", "--project", projectId)).Out);
    }

    [Fact]
    public async Task MySql_instance_show_lists_each_node()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");
        using var spec = new SpecFile(MySqlSpec);

        var created = await Admin(app, "instance", "create", "--project", projectId, "--file", spec.Path, "--json");
        Assert.Equal(0, created.ExitCode);
        using var doc = JsonDocument.Parse(created.Out);
        var id = doc.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("mysql", doc.RootElement.GetProperty("engine").GetString());

        var show = await Admin(app, "instance", "show", id);

        Assert.Equal(0, show.ExitCode);
        var n1 = Assert.Single(show.Out.Split('\n'), l => l.Contains("n1"));
        Assert.Contains("127.0.0.1:3306", n1);
        Assert.Contains("Europe/Berlin", n1);
        Assert.Contains("/run/mysqld/mysqld.sock", n1);
        Assert.Contains("root", n1);
        Assert.Contains("audit: /var/lib/mysql/server_audit.log", n1);
        Assert.Contains("slow: /var/log/mysql/mariadb-slow.log", show.Out);
    }

    [Fact]
    public async Task Instance_spec_passwords_given_as_env_are_read_from_the_callers_environment()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");
        using var spec = new SpecFile("""
            {"name":"db-2","engine":"mysql","nodes":[{"id":"n1","ip":"127.0.0.1","port":3306,"password":"env:DB2_PASSWORD"}]}
            """);

        var unset = await Admin(app, "instance", "create", "--project", projectId, "--file", spec.Path);
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains("nodes[0].password", unset.Err);
        Assert.Contains("DB2_PASSWORD", unset.Err);

        var set = await Admin(app, ["instance", "create", "--project", projectId, "--file", spec.Path, "--json"],
            new Dictionary<string, string> { ["DB2_PASSWORD"] = "hunter2" });
        Assert.Equal(0, set.ExitCode);
        Assert.DoesNotContain("hunter2", set.Out);
        using var doc = JsonDocument.Parse(set.Out);
        Assert.True(doc.RootElement.GetProperty("nodes")[0].GetProperty("has_password").GetBoolean());
    }

    [Fact]
    public async Task Bad_spec_files_are_usage_errors()
    {
        await using var app = await TestApp.StartAsync();
        var projectId = await CreateProjectAsync(app, "demo");
        using var bootstrap = new SpecFile("""{"projects":[]}""");
        using var broken = new SpecFile("""{"name": """);
        using var invalid = new SpecFile("""{"name":"x","engine":"oracle"}""");

        var missing = await Admin(app, "instance", "create", "--project", projectId, "--file", "/nonexistent/spec.json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/spec.json does not exist", missing.Err);

        var whole = await Admin(app, "instance", "create", "--project", projectId, "--file", bootstrap.Path);
        Assert.Equal(2, whole.ExitCode);
        Assert.Contains("bootstrap file", whole.Err);

        var notJson = await Admin(app, "instance", "create", "--project", projectId, "--file", broken.Path);
        Assert.Equal(2, notJson.ExitCode);
        Assert.Contains("not valid JSON", notJson.Err);

        var rejected = await Admin(app, "instance", "create", "--project", projectId, "--file", invalid.Path);
        Assert.Equal(1, rejected.ExitCode);
        Assert.StartsWith("error: DBLOGS.400: ", rejected.Err);
        Assert.Contains("engine", rejected.Err);
    }

    [Fact]
    public async Task Unknown_instance_and_project_are_api_errors()
    {
        await using var app = await TestApp.StartAsync();

        var instance = await Admin(app, "instance", "show", "5c597ce5-9823-48aa-bf4d-2defb9385b4a");
        Assert.Equal(1, instance.ExitCode);
        Assert.StartsWith("error: DBLOGS.404: ", instance.Err);

        var byId = await Admin(app, "user", "list", "--project", "0524e839a54847039e9b2b46e8aa788a");
        Assert.Equal(1, byId.ExitCode);
        Assert.StartsWith("error: DBLOGS.404: ", byId.Err);

        var byName = await Admin(app, "user", "list", "--project", "nosuchproject");
        Assert.Equal(1, byName.ExitCode);
        Assert.Contains("nosuchproject", byName.Err);
    }

    [Fact]
    public async Task Wrong_admin_key_is_the_api_401_naming_the_server_and_where_the_key_came_from()
    {
        await using var app = await TestApp.StartAsync();
        var wrongFile = Path.Combine(app.DataDirectory, "other");
        Directory.CreateDirectory(wrongFile);
        await File.WriteAllTextAsync(Path.Combine(wrongFile, "admin.key"), "dbla_wrong_from_file");

        var option = await Run(app, ["admin", "project", "list", "--admin-key", "dbla_wrong"]);
        var variable = await Run(app, ["admin", "project", "list", "--endpoint", "http://localhost"],
            new Dictionary<string, string> { ["DBLOGS_ADMIN_KEY"] = "dbla_wrong" });
        var file = await Run(app, ["admin", "project", "list", "--data", wrongFile],
            new Dictionary<string, string> { ["DBLOGS_ENDPOINT"] = "http://dblogs.test:8080" });

        Assert.Equal(1, option.ExitCode);
        Assert.StartsWith("error: DBLOGS.401: ", option.Err);
        Assert.EndsWith("(called http://127.0.0.1:8080 with the admin key from option --admin-key)", option.Err.TrimEnd());
        Assert.EndsWith("(called http://localhost with the admin key from environment variable DBLOGS_ADMIN_KEY)", variable.Err.TrimEnd());
        Assert.EndsWith($"(called http://dblogs.test:8080 with the admin key from file {Path.Combine(wrongFile, "admin.key")})", file.Err.TrimEnd());
    }

    [Fact]
    public async Task Endpoint_is_the_servers_name_as_in_the_other_commands_and_server_still_works()
    {
        await using var app = await TestApp.StartAsync();
        await CreateProjectAsync(app, "demo");

        var help = await Run(null, ["admin", "project", "list", "--help"]);
        var byEndpoint = await Run(app, ["admin", "project", "list", "--endpoint", "http://localhost", "--admin-key", app.AdminKey]);
        var byServer = await Run(app, ["admin", "project", "list", "--server", "http://localhost", "--admin-key", app.AdminKey]);
        var badVariable = await Run(app, ["admin", "project", "list", "--admin-key", app.AdminKey],
            new Dictionary<string, string> { ["DBLOGS_ENDPOINT"] = "localhost:8080" });

        Assert.Contains("--endpoint <URL>", help.Out, StringComparison.Ordinal);
        Assert.Contains("DBLOGS_ENDPOINT", help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--server", help.Out, StringComparison.Ordinal);
        Assert.Equal(0, byEndpoint.ExitCode);
        Assert.Equal(0, byServer.ExitCode);
        Assert.Equal((2, "error: DBLOGS_ENDPOINT must be an http:// or https:// URL, not 'localhost:8080'"), (badVariable.ExitCode, badVariable.Err.Trim()));
    }

    [Fact]
    public async Task Times_are_utc_by_default_and_in_the_local_zone_with_local()
    {
        await using var app = await TestApp.StartAsync();
        await CreateProjectAsync(app, "demo");

        var utc = await Run(app, ["admin", "project", "list", "--admin-key", app.AdminKey], zone: CliTerminal.PlusEight);
        var local = await Run(app, ["admin", "project", "list", "--admin-key", app.AdminKey, "--local"], zone: CliTerminal.PlusEight);

        Assert.Matches(@"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n", utc.Out);
        Assert.Matches(@"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00\n", local.Out);
    }

    [Fact]
    public async Task Unreachable_server_is_exit_code_2_with_one_line()
    {
        var result = await Run(null, ["admin", "--server", "http://127.0.0.1:1", "--admin-key", "k", "project", "list"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: cannot reach http://127.0.0.1:1: connection refused", result.Err.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Server_must_be_an_http_url()
    {
        var result = await Run(null, ["admin", "project", "list", "--server", "127.0.0.1:8080", "--admin-key", "k"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--server", result.Err);
    }

    [Fact]
    public async Task Admin_key_is_read_from_the_data_directory_or_the_environment()
    {
        await using var app = await TestApp.StartAsync();
        await CreateProjectAsync(app, "demo");

        var fromFile = await Run(app, ["admin", "project", "list", "--data", app.DataDirectory]);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains("demo", fromFile.Out);

        var fromEnvironment = await Run(app, ["admin", "project", "list"], new Dictionary<string, string> { ["DBLOGS_ADMIN_KEY"] = app.AdminKey });
        Assert.Equal(0, fromEnvironment.ExitCode);

        var fromDataVariable = await Run(app, ["admin", "project", "list"], new Dictionary<string, string> { ["DBLOGS_DATA"] = app.DataDirectory });
        Assert.Equal(0, fromDataVariable.ExitCode);

        var noKey = await Run(app, ["admin", "project", "list", "--data", Path.Combine(app.DataDirectory, "missing")]);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("admin.key", noKey.Err);
        Assert.Contains("--admin-key", noKey.Err);
    }

    [Fact]
    public async Task Usage_errors_exit_with_2()
    {
        await using var app = await TestApp.StartAsync();

        var missingOption = await Admin(app, "user", "list");
        Assert.Equal(2, missingOption.ExitCode);
        Assert.Contains("--project", missingOption.Err);
        Assert.Contains("dblogs admin user list --help", missingOption.Err);

        var group = await Admin(app, "key");
        Assert.Equal(2, group.ExitCode);
        Assert.Contains("list, create, delete", group.Err);

        var extra = await Admin(app, "project", "list", "surplus");
        Assert.Equal(2, extra.ExitCode);
        Assert.Contains("surplus", extra.Err);

        var unknown = await Admin(app, "project", "rename");
        Assert.Equal(2, unknown.ExitCode);

        var typo = await Admin(app, "project", "lst");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("unrecognized command or argument 'lst'; did you mean 'list'?", typo.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_key_and_sources_show_what_was_collected_and_the_gaps()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var instance = await app.CreateRedisInstanceAsync(project);

        var none = await Admin(app, "sources");
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("No sources", none.Out);

        var issued = await Admin(app, "agent-key", "create", instance);
        Assert.Equal(0, issued.ExitCode);
        var key = Regex.Match(issued.Out, "dblk_[0-9a-f]+").Value;
        var batch = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/batches") { Content = new StringContent("1:M 21 Nov 2025 10:00:00.000 * x\n") };
        batch.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in new[] { ("X-DbLogs-Node", "r00"), ("X-DbLogs-Kind", "redis-run"), ("X-DbLogs-File-Id", "f1"),
                     ("X-DbLogs-File-Path", "/var/log/redis/redis-server.log"), ("X-DbLogs-Offset", "0"), ("X-DbLogs-File-Size", "100") })
        {
            batch.Headers.Add(name, value);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(batch)).StatusCode);
        var gap = new HttpRequestMessage(HttpMethod.Post, "/ingest/v1/gaps")
        {
            Content = new StringContent("""
                {"node":"r00","kind":"redis-run","file_path":"/var/log/redis/redis-server.log.1","bytes":2048,
                 "detected_at":"2025-11-21T10:00:01Z","reason":"rotated away before it was read"}
                """, System.Text.Encoding.UTF8, "application/json"),
        };
        gap.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.SendAsync(gap)).StatusCode);

        var sources = await Admin(app, "sources", "--instance", instance);
        Assert.Equal(0, sources.ExitCode);
        var header = sources.Out.Split('\n')[0];
        var row = sources.Out.Split('\n')[1];
        Assert.Contains("redis-run", row);
        Assert.Contains("/var/log/redis/redis-server.log", row);
        const int stored = 33; // the one line posted
        Assert.Equal($"{100 - stored} B / 0 s", Cell(header, row, "Lag"));
        Assert.Equal("2.0 KB of /var/log/redis/redis-server.log.1 (rotated away before it was read)", Cell(header, row, "Gaps"));
        var json = await Admin(app, "sources", "--json");
        Assert.Equal(stored, JsonDocument.Parse(json.Out).RootElement[0].GetProperty("stored_bytes").GetInt64());
    }

    [Fact]
    public async Task Admin_nodes_lists_this_service_node_as_live_with_its_leases()
    {
        await using var app = await TestApp.StartAsync(["--NodeId", "node-1"]);

        var nodes = await Admin(app, "nodes");

        Assert.Equal(0, nodes.ExitCode);
        var lines = nodes.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("node-1 (this)", Cell(lines[0], lines[1], "Node"));
        Assert.Equal("live", Cell(lines[0], lines[1], "State"));
        var json = JsonDocument.Parse((await Admin(app, "nodes", "--json")).Out).RootElement;
        Assert.Equal("node-1", json[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, json[0].GetProperty("leases").ValueKind);
    }

    /// <summary>The cell of a tab-separated table row under <paramref name="column"/>.</summary>
    private static string Cell(string header, string row, string column)
    {
        var at = Array.IndexOf(header.Split('\t'), column);
        Assert.True(at >= 0, $"no column {column} in: {header}");
        return row.Split('\t')[at];
    }

    private static async Task<string> CreateProjectAsync(TestApp app, string name)
    {
        var result = await Admin(app, "project", "create", name, "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Runs <c>dblogs admin ARGS --admin-key KEY</c> against <paramref name="app"/>.</summary>
    private static Task<CliResult> Admin(TestApp app, params string[] args) => Admin(app, args, null);

    private static Task<CliResult> Admin(TestApp app, string[] args, IReadOnlyDictionary<string, string>? environment = null,
        Func<string, string?>? prompt = null) =>
        Run(app, ["admin", .. args, "--admin-key", app.AdminKey], environment, prompt);

    private static async Task<CliResult> Run(TestApp? app, string[] args, IReadOnlyDictionary<string, string>? environment = null,
        Func<string, string?>? prompt = null, TimeZoneInfo? zone = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var settings = new AdminCommandSettings
        {
            HandlerFactory = app is null ? null : ((TestServer)app.Services.GetRequiredService<IServer>()).CreateHandler,
            Out = stdout,
            Error = stderr,
            Environment = name => environment?.GetValueOrDefault(name),
            PromptSecret = prompt ?? (_ => null),
            TerminalColumns = null,
            LocalTimeZone = zone ?? TimeZoneInfo.Utc,
        };
        var root = new RootCommand("test") { AdminCommand.Create(settings) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed record CliResult(int ExitCode, string Out, string Err);

    private sealed class SpecFile : IDisposable
    {
        public SpecFile(string json)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dblogs-spec-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, json);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
