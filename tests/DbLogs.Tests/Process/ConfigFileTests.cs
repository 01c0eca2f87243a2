using DbLogs.Server;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Process;

/// <summary><c>serve --config FILE</c> (the package's <c>/etc/dblogs/dblogs.json</c>): JSON with comments, below the command line.</summary>
public class ConfigFileTests
{
    [Fact]
    public async Task A_commented_config_file_is_read_and_the_command_line_overrides_it()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "dblogs.json");
        await File.WriteAllTextAsync(file, """
            // the service's settings
            {
              // the largest API body
              "MaxApiBodyBytes": 4321,
              "Data": "/nonexistent/overridden-by-the-command-line",
            }
            """);

        await using var app = await TestApp.StartAsync(extraArgs: ["--config", file]);

        var options = app.Services.GetRequiredService<DbLogsOptions>();
        Assert.Equal(4321, options.MaxApiBodyBytes);
        Assert.Equal(app.DataDirectory, options.Data);
    }
}
