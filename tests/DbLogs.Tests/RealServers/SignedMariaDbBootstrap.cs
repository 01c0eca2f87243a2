using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// A bootstrap file with one project that has an access key (so the RDS routes can be called signed) and one MySQL
/// instance whose node is a real mariadbd: the embedded collector tails the files <c>logs</c> names.
/// </summary>
internal static class SignedMariaDbBootstrap
{
    /// <param name="logs">The node's log files, e.g. <c>new { audit = server.AuditLog }</c>.</param>
    public static (string Path, TestProject Project, string InstanceId) Write(string directory, MariaDbServer server, string timeZone, object logs)
    {
        var instanceId = Guid.NewGuid().ToString("N") + "in01";
        var (path, project) = WriteSigned(directory, "mariadb-real", new
        {
            id = instanceId,
            name = "db-real",
            engine = "mysql",
            nodes = new[]
            {
                new { id = "n1", ip = "127.0.0.1", port = server.Port, time_zone = timeZone, socket = server.Socket, user = "root", logs },
            },
        });
        return (path, project, instanceId);
    }

    /// <summary>A bootstrap file with one project named <paramref name="name"/> that has an access key and holds <paramref name="instance"/>.</summary>
    public static (string Path, TestProject Project) WriteSigned(string directory, string name, object instance)
    {
        var project = new TestProject(Guid.NewGuid().ToString("N"), name, "AK" + Guid.NewGuid().ToString("N")[..18].ToUpperInvariant(),
            "SK" + Guid.NewGuid().ToString("N"), "nobody");
        var path = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            projects = new[]
            {
                new { id = project.Id, name = project.Name, access_keys = new[] { new { ak = project.Ak, sk = project.Sk } }, instances = new[] { instance } },
            },
        }));
        return (path, project);
    }
}
