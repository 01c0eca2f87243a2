using System.Diagnostics;
using System.Net;
using DbLogs.Tests.Support;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.Packaging;

/// <summary>
/// Installs the package on this machine with <c>dpkg -i</c> (root, as in CI), runs what it installed, upgrades and
/// removes it. It refuses to touch a machine where a dblogs package is already installed. It leaves the system user
/// <c>dblogs</c> behind, as the package's removal does.
/// </summary>
public class DebianPackageTests
{
    private const string DataDirectory = "/var/lib/dblogs";

    [Fact]
    public async Task Installs_runs_without_dotnet_upgrades_and_removes_keeping_the_data()
    {
        Assert.True(ServerTools.IsRoot, "the package test installs a .deb with dpkg -i and needs root (CI runs the tests as root)");
        var deb = await DebianPackage.PathAsync();
        var installedBefore = await ServerTools.RunAsync("dpkg-query", ["-W", "-f=${Status}", "dblogs"]);
        Assert.False(installedBefore.Stdout.Contains("installed", StringComparison.Ordinal),
            "a dblogs package is installed on this machine; the package test installs and removes its own, so it does not run here");
        var dataExisted = Directory.Exists(DataDirectory);
        try
        {
            await DpkgAsync("-i", deb);
            var version = (await ServerTools.RunAsync("dpkg-query", ["-W", "-f=${Version}", "dblogs"])).Stdout;

            // The .NET installation hidden in a private mount namespace, PATH without it, DOTNET_ROOT unset.
            var run = await DebianPackage.RunCleanAsync("unshare", "--mount", "sh", "-c",
                "for d in /usr/share/dotnet /usr/lib/dotnet; do if [ -d $d ]; then mount -t tmpfs none $d || exit 3; fi; done; " +
                "if command -v dotnet >/dev/null; then echo 'dotnet still runs' >&2; exit 4; fi; exec /usr/bin/dblogs --version");
            Assert.True(run.ExitCode == 0, $"dblogs --version without .NET: exit {run.ExitCode}\n{run.Stderr}");
            Assert.Equal(version, run.Stdout.Trim());

            var verify = await DebianPackage.RunCleanAsync("systemd-analyze", "verify",
                "/lib/systemd/system/dblogs.service", "/lib/systemd/system/dblogs-agent.service");
            Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, $"systemd-analyze verify: exit {verify.ExitCode}\n{verify.Stderr}{verify.Stdout}");

            await ServeUntilReadyAsync();
            var adminKey = await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin.key"));

            await DpkgAsync("-i", deb); // an upgrade (here to the same version) runs the same maintainer scripts
            Assert.Equal(adminKey, await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin.key")));

            await DpkgAsync("-r", "dblogs");
            Assert.False(File.Exists("/usr/bin/dblogs"), "/usr/bin/dblogs is still there after dpkg -r");
            Assert.False(Directory.Exists("/usr/lib/dblogs"), "/usr/lib/dblogs is still there after dpkg -r");
            foreach (var kept in new[] { "dblogs.db", "master.key", "admin.key" })
            {
                Assert.True(File.Exists(Path.Combine(DataDirectory, kept)), $"dpkg -r removed {DataDirectory}/{kept}");
            }

            Assert.True(File.Exists("/etc/dblogs/dblogs.json"), "dpkg -r removed the configuration (a conffile, kept until purge)");
        }
        finally
        {
            await ServerTools.RunAsync("dpkg", ["--purge", "dblogs"], timeout: TimeSpan.FromMinutes(2));
            foreach (var dir in dataExisted ? [] : new[] { DataDirectory, "/var/lib/dblogs-agent" })
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }

    private static async Task DpkgAsync(params string[] args)
    {
        var dpkg = await DebianPackage.RunCleanAsync("dpkg", args);
        Assert.True(dpkg.ExitCode == 0, $"dpkg {string.Join(' ', args)}: exit {dpkg.ExitCode}\n{dpkg.Stderr}{dpkg.Stdout}");
    }

    /// <summary>The packaged service as its unit runs it: the dblogs user, the packaged configuration; only the port differs.</summary>
    private static async Task ServeUntilReadyAsync()
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var info = new ProcessStartInfo("/usr/bin/env") { WorkingDirectory = DataDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-i", "PATH=" + DebianPackage.SystemPath, "DBLOGS_URLS=" + url, "setpriv", "--reuid=dblogs", "--regid=dblogs",
                     "--init-groups", "/usr/bin/dblogs", "serve", "--config", "/etc/dblogs/dblogs.json" })
        {
            info.ArgumentList.Add(arg);
        }

        using var serve = OsProcess.Start(info)!;
        var stdout = serve.StandardOutput.ReadToEndAsync();
        var stderr = serve.StandardError.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var ready = false;
        var started = Stopwatch.StartNew();
        try
        {
            while (!ready && !serve.HasExited && started.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    ready = response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(ready ? 0 : 200);
            }
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill();
            }

            await serve.WaitForExitAsync();
        }

        Assert.True(ready, $"the packaged dblogs serve did not answer /health/ready with 200 on {url}\n{await stdout}\n{await stderr}");
        Assert.True(File.Exists(Path.Combine(DataDirectory, "dblogs.db")), "the packaged configuration did not put the store in " + DataDirectory);
    }
}
