namespace DbLogs.Tests.Process;

/// <summary>How <c>dblogs serve</c> ends when part of it fails: never with status 0, always with one line saying why.</summary>
public class ServeExitTests
{
    [Fact]
    public async Task A_background_service_that_fails_after_start_up_ends_serve_with_a_non_zero_exit_and_one_line()
    {
        using var files = new TempDirectory();
        var data = files.File("data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "collector"), "a file where the embedded collector keeps its checkpoint directory");

        var result = await ServeProcess.RunToExitAsync(new ServeOptions { DataDirectory = data });

        Assert.NotEqual(0, result.ExitCode);
        var stderr = result.Stderr.Trim();
        Assert.Single(stderr.Split('\n'));
        Assert.Matches("^dblogs: (cannot start|stopped): .*collector", stderr); // the failure may come before or after start-up completed
    }
}
