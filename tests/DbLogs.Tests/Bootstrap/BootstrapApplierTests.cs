using System.Net;
using DbLogs.Core.Configuration;
using DbLogs.Server.Bootstrap;
using DbLogs.Storage.Registry;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Bootstrap;

public sealed class BootstrapApplierTests : IDisposable
{
    private const string ProjectId = "0524e839a54847039e9b2b46e8aa788a";
    private const string RedisId = "5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string File1(string sk = "DEMOSK", string password = "pw-1", string redisName = "cache-1", string port = "6379") => $$"""
        {
          "projects": [{
            "id": "{{ProjectId}}", "name": "demo",
            "access_keys": [{ "ak": "DEMOAK", "sk": "{{sk}}" }],
            "users": [{ "name": "alice", "password": "{{password}}" }],
            "instances": [
              { "id": "{{RedisId}}", "name": "{{redisName}}", "engine": "redis",
                "shards": [{ "name": "group-0", "replicas": [
                  { "id": "a1b2c3", "ip": "127.0.0.1", "port": {{port}}, "role": "master", "password": "env:DBLOGS_TEST_REDIS_PW" } ] }] },
              { "id": "eb8fe5d181ec44a2850302691541f760in01", "name": "db-1", "engine": "mysql",
                "nodes": [{ "id": "n1", "ip": "127.0.0.1", "port": 3306, "time_zone": "Europe/Berlin", "user": "root", "password": "secret" }] }
            ]
          }]
        }
        """;

    private static string? Env(string name) => name == "DBLOGS_TEST_REDIS_PW" ? "redis-pw" : null;

    private async Task<int> ApplyAsync(TestApp app, string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        await File.WriteAllTextAsync(path, json);
        return await app.Services.GetRequiredService<BootstrapApplier>().ApplyAsync(BootstrapReader.ReadFile(path, Env), CancellationToken.None);
    }

    private static async Task<string> SnapshotAsync(TestApp app)
    {
        var store = app.Services.GetRequiredService<IRegistryStore>();
        var parts = new List<string>();
        foreach (var p in await store.ListProjectsAsync())
        {
            parts.Add(p.ToString());
            parts.AddRange((await store.ListUsersAsync(p.Id)).Select(u => u.ToString()));
            parts.AddRange((await store.ListAccessKeysAsync(p.Id)).Select(k => k.Ak + Convert.ToHexString(k.ProtectedSecret)));
            foreach (var i in await store.ListInstancesAsync(p.Id))
            {
                parts.Add(i.ToString());
                parts.AddRange((await store.ListNodesAsync(i.Id)).Select(n => n.Id + n.Ip + n.Port + Convert.ToHexString(n.ProtectedPassword ?? [])));
            }
        }

        return string.Join('\n', parts);
    }

    [Fact]
    public async Task Applying_the_same_file_twice_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(5, await ApplyAsync(app, File1()));
        var before = await SnapshotAsync(app);
        Assert.Equal(0, await ApplyAsync(app, File1()));

        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task A_changed_file_updates_what_changed()
    {
        await using var app = await TestApp.StartAsync(now: DateTimeOffset.UtcNow);
        await ApplyAsync(app, File1());
        var project = new TestProject(ProjectId, "demo", "DEMOAK", "DEMOSK", "alice");

        Assert.Equal(3, await ApplyAsync(app, File1(sk: "NEWSK", password: "pw-2", redisName: "cache-renamed")));

        var store = app.Services.GetRequiredService<IRegistryStore>();
        Assert.Equal("cache-renamed", (await store.GetInstanceAsync(RedisId))!.Name);
        var oldKey = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{ProjectId}/instances/{RedisId}/redislog?log_type=run", project);
        Assert.Equal(HttpStatusCode.Unauthorized, oldKey.StatusCode);
        var newKey = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{ProjectId}/instances/{RedisId}/redislog?log_type=run", project with { Sk = "NEWSK" });
        Assert.Equal(HttpStatusCode.NoContent, newKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await app.Client.PostAsync("/v3/auth/tokens", TestApp.TokenRequest("alice", "pw-2", ProjectId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Client.PostAsync("/v3/auth/tokens", TestApp.TokenRequest("alice", "pw-1", ProjectId))).StatusCode);
    }

    [Fact]
    public async Task Objects_not_in_the_file_are_left_alone()
    {
        await using var app = await TestApp.StartAsync();
        var other = await app.CreateProjectAsync("made-by-admin");
        var instance = await app.CreateRedisInstanceAsync(other);
        await ApplyAsync(app, File1());

        Assert.NotNull(await app.Services.GetRequiredService<IRegistryStore>().GetProjectAsync(other.Id));
        var signed = await app.SendSignedAsync(HttpMethod.Get, $"/v2/{other.Id}/instances/{instance}/redislog?log_type=run", other);
        Assert.Equal(HttpStatusCode.NoContent, signed.StatusCode);
        var token = await app.IssueTokenAsync(other);
        var withToken = await app.SendWithTokenAsync(HttpMethod.Get, $"/v2/{other.Id}/instances/{instance}/redislog?log_type=run", token);
        Assert.Equal(HttpStatusCode.NoContent, withToken.StatusCode);
    }

    [Fact]
    public async Task An_access_key_owned_by_another_project_is_named_in_the_error()
    {
        await using var app = await TestApp.StartAsync();
        await ApplyAsync(app, File1());
        var json = File1().Replace(ProjectId, "11111111111111111111111111111111").Replace("\"demo\"", "\"other\"")
            .Replace(RedisId, "6c597ce5-9823-48aa-bf4d-2defb9385b4a").Replace("eb8fe5d181ec44a2850302691541f760in01", "fb8fe5d181ec44a2850302691541f760in01");

        var ex = await Assert.ThrowsAsync<ConfigValidationException>(() => ApplyAsync(app, json));

        Assert.Equal("projects[0].access_keys[0].ak", ex.KeyPath);
    }

    [Fact]
    public async Task An_invalid_file_stops_the_start_up_naming_the_key()
    {
        var path = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(path, File1(port: "70000"));

        var ex = await Assert.ThrowsAsync<ConfigValidationException>(() => TestApp.StartAsync(["--bootstrap", path]));

        Assert.Equal("projects[0].instances[0].shards[0].replicas[0].port", ex.KeyPath);
    }
}
