
namespace DbLogs.Tests.AuditPolicySuite;

/// <summary>
/// The policy tests against a real mariadbd run with no <c>mariadb</c> (or <c>mysql</c>) program on PATH: DbLogs speaks
/// to the server itself. The collection runs alone, so no test running in parallel sees the changed PATH.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WithoutMariadbClient : ICollectionFixture<PathWithoutMariadbClient>
{
    public const string Name = "without the mariadb client on PATH";
}

/// <summary>
/// Points PATH at a directory of links to every program on it but the MariaDB client's names, and puts the old PATH back
/// at the end. (The fixtures keep running the client, by its full path, to prepare and read the servers.)
/// </summary>
public sealed class PathWithoutMariadbClient : IDisposable
{
    public static readonly string[] ClientNames = ["mariadb", "mysql"];

    private readonly string? _original = Environment.GetEnvironmentVariable("PATH");
    private readonly string _directory = Directory.CreateTempSubdirectory("dblogs-path-").FullName;

    public PathWithoutMariadbClient()
    {
        var linked = new HashSet<string>(ClientNames, StringComparer.Ordinal);
        foreach (var directory in (_original ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
        {
            foreach (var program in Directory.EnumerateFiles(directory))
            {
                if (linked.Add(Path.GetFileName(program)))
                {
                    File.CreateSymbolicLink(Path.Combine(_directory, Path.GetFileName(program)), program);
                }
            }
        }

        Environment.SetEnvironmentVariable("PATH", _directory);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _original);
        ServerTools.DeleteDirectory(_directory);
    }
}
