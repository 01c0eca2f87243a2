
namespace DbLogs.Tests.Packaging;

/// <summary>
/// The .deb that <c>scripts/package.sh</c> builds: the one named by <c>DBLOGS_TEST_DEB</c> (scripts/test.sh builds it
/// before the tests), else built here once per run. Never a skip: a package that cannot be built fails the tests.
/// </summary>
public sealed class DebianPackage
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static Task<string> PathAsync() => Built.Value;

    /// <summary>Runs a command with only a system PATH in its environment (no DOTNET_ROOT, no dotnet directory).</summary>
    public static Task<CommandResult> RunCleanAsync(string file, params string[] args) =>
        ServerTools.RunAsync("/usr/bin/env", ["-i", "PATH=" + SystemPath, file, .. args], timeout: TimeSpan.FromMinutes(2));

    public const string SystemPath = "/usr/sbin:/usr/bin:/sbin:/bin";

    private static async Task<string> BuildAsync()
    {
        if (Environment.GetEnvironmentVariable("DBLOGS_TEST_DEB") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"DBLOGS_TEST_DEB names {given}, which does not exist");
            return given;
        }

        var root = RepositoryRoot();
        var built = await ServerTools.RunAsync(Path.Combine(root, "scripts", "package.sh"), ["--out", Path.Combine(root, "artifacts", "package-test")],
            timeout: TimeSpan.FromMinutes(20));
        Assert.True(built.ExitCode == 0, $"scripts/package.sh failed ({built.ExitCode}):\n{built.Stderr}\n{built.Stdout}");
        var deb = built.Stdout.Trim().Split('\n')[^1].Trim();
        return Path.IsPathRooted(deb) ? deb : Path.Combine(root, deb);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DbLogs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no DbLogs.sln above {AppContext.BaseDirectory}");
    }
}
