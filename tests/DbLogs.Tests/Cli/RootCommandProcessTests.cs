using System.Diagnostics;

namespace DbLogs.Tests.Cli;

/// <summary>The real <c>dblogs</c> executable: a mistyped or missing command at the top level is a usage error.</summary>
public sealed class RootCommandProcessTests
{
    [Theory]
    [InlineData("rdss", "error: unrecognized command or argument 'rdss'; did you mean 'rds'?")]
    [InlineData("", "error: 'dblogs' needs a command: serve, agent, admin, rds, redis, tail")]
    public async Task A_mistyped_or_missing_command_names_the_nearest_or_all_and_exits_2(string args, string firstLine)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dblogs.dll"));
        foreach (var arg in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(firstLine, (await stderr).Split('\n')[0].Trim());
    }
}
