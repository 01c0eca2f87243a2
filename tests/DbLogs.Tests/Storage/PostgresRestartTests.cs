using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Storage;

/// <summary>A service on PostgreSQL restarted on its data directory, which holds keys and streams but no store file.</summary>
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task A_restart_on_the_same_data_directory_starts_and_keeps_projects_and_keys()
    {
        var cluster = await PostgresCluster.Shared;
        var store = await cluster.CreateDatabaseAsync();
        var data = Path.Combine(Path.GetTempPath(), "dblogs-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string adminKey;
            string projectId;
            await using (var first = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store], dataDirectory: data))
            {
                projectId = (await first.CreateProjectAsync()).Id;
                adminKey = first.AdminKey;
            }

            Assert.False(File.Exists(Path.Combine(data, "dblogs.db")));
            await using var second = await TestApp.StartAsync(["--ConnectionStrings:Postgres", store], dataDirectory: data);

            Assert.Equal(adminKey, second.AdminKey);
            var projects = await (await second.AdminAsync(HttpMethod.Get, "/admin/v1/projects")).Content.ReadAsStringAsync();
            Assert.Contains(projectId, projects, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
