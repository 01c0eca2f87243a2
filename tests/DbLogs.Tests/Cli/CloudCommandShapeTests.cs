using System.CommandLine;
using System.Text.RegularExpressions;
using DbLogs.Cli.Cloud;
using DbLogs.Cli.Rds;
using DbLogs.Cli.Redis;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Cli;

/// <summary>Every <c>dblogs redis|rds …</c> command takes the same global options once, and fails the same way.</summary>
public sealed partial class CloudCommandShapeTests
{
    private static readonly string[] Globals = ["--endpoint", "--project-id", "--ak", "--sk", "--json"];

    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var group in Root(new CloudCommandSettings()).Subcommands)
        {
            foreach (var path in Paths(group, group.Name))
            {
                data.Add(path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_lists_the_global_options_once_and_no_option_twice(string path)
    {
        var (exit, output, _) = await RunAsync(null, [.. path.Split(' '), "--help"]);

        Assert.Equal(0, exit);
        var names = OptionNames().Matches(output[output.IndexOf("Options:", StringComparison.Ordinal)..])
            .SelectMany(m => m.Groups["names"].Value.Split(", ")).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.All(Globals, name => Assert.Contains(name, names));
        Assert.DoesNotContain("--server", names);
        Assert.DoesNotContain("--project", names);
    }

    [Theory]
    [InlineData("redis slowlog")]
    [InlineData("rds errorlog")]
    [InlineData("rds slowlog")]
    [InlineData("rds auditlogs list")]
    public async Task Windowed_commands_take_start_and_end_the_same_way(string path)
    {
        var (_, help, _) = await RunAsync(null, [.. path.Split(' '), "--help"]);
        var bad = await RunAsync(null, [.. path.Split(' '), "--instance", "i1", "--end", "tomorrow"]);
        var reversed = await RunAsync(null, [.. path.Split(' '), "--instance", "i1", "--start", "2026-03-10T09:00:00+0800", "--end", "1741564800000"]);

        Assert.Contains("--start <TIME>", help, StringComparison.Ordinal);
        Assert.Contains("--end <TIME>", help, StringComparison.Ordinal);
        Assert.Equal((2, "error: --end 'tomorrow' is not a time: give ISO 8601 (2026-03-10T08:00:00Z, 2026-03-10T08:00:00+0800) or Unix milliseconds"),
            (bad.Exit, bad.Err.Trim()));
        Assert.Equal((2, "error: --start is after --end"), (reversed.Exit, reversed.Err.Trim()));
    }

    [Fact]
    public async Task Usage_and_connection_problems_exit_2()
    {
        var port = Loopback.FreePort(); // closed again: nobody listens

        var noInstance = await RunAsync(null, ["rds", "errorlog"]);
        var noCommand = await RunAsync(null, ["redis", "runlogs"]);
        var badEndpoint = await RunAsync(null, ["redis", "slowlog", "--instance", "i1", "--endpoint", "ftp://host"]);
        var unreachable = await RunAsync(null, ["rds", "auditlogs", "policy", "show", "--instance", "i1", "--endpoint", $"http://127.0.0.1:{port}"]);

        Assert.Equal(2, noInstance.Exit);
        Assert.Contains("'--instance' is required", noInstance.Err, StringComparison.Ordinal);
        Assert.Equal((2, "error: 'dblogs redis runlogs' needs a command: list, collect, download"), (noCommand.Exit, noCommand.Err.Split('\n')[0].Trim()));
        Assert.Equal((2, "error: --endpoint must be an http:// or https:// URL, not 'ftp://host'"), (badEndpoint.Exit, badEndpoint.Err.Trim()));
        Assert.Equal(2, unreachable.Exit);
        Assert.StartsWith($"error: cannot reach http://127.0.0.1:{port}", unreachable.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_and_DBLOGS_SERVER_still_name_the_endpoint()
    {
        var option = await RunAsync(null, ["redis", "slowlog", "--instance", "i1", "--server", "ftp://host"]);
        var variable = await RunAsync(null, ["rds", "errorlog", "--instance", "i1"], new() { ["DBLOGS_SERVER"] = "ftp://old" });
        var precedence = await RunAsync(null, ["rds", "errorlog", "--instance", "i1"], new() { ["DBLOGS_SERVER"] = "ftp://old", ["DBLOGS_ENDPOINT"] = "ftp://new" });

        Assert.Equal((2, "error: --server must be an http:// or https:// URL, not 'ftp://host'"), (option.Exit, option.Err.Trim()));
        Assert.Equal((2, "error: DBLOGS_SERVER must be an http:// or https:// URL, not 'ftp://old'"), (variable.Exit, variable.Err.Trim()));
        Assert.Equal((2, "error: DBLOGS_ENDPOINT must be an http:// or https:// URL, not 'ftp://new'"), (precedence.Exit, precedence.Err.Trim()));
    }

    [Theory]
    [InlineData("redis slowlog --instanc i1", "unrecognized command or argument '--instanc'; did you mean '--instance'?")]
    [InlineData("redis runlog list", "unrecognized command or argument 'runlog'; did you mean 'runlogs'?")]
    [InlineData("rds slowlog --instance i1 --statistic", "unrecognized command or argument '--statistic'; did you mean '--statistics'?")]
    [InlineData("rds errorlog --instance i1 --endpiont http://x", "unrecognized command or argument '--endpiont'; did you mean '--endpoint'?")]
    public async Task An_unknown_option_or_command_suggests_the_nearest_and_exits_2(string args, string line)
    {
        var result = await RunAsync(null, args.Split(' '));

        Assert.Equal(2, result.Exit);
        Assert.Contains(line, result.Err.Split('\n').Select(l => l.Trim().Replace("error: ", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("redis runlogs collect --instance i1 --query-time 2", "--query-time must be one of 0, 1, 3, 7, not 2")]
    [InlineData("redis runlogs list --instance i1 --limit 1001", "--limit must be from 1 to 1000, not 1001")]
    [InlineData("redis slowlog --instance i1 --limit 0", "--limit must be from 1 to 1000, not 0")]
    [InlineData("redis slowlog --instance i1 --offset -1", "--offset must be 0 or more, not -1")]
    [InlineData("rds auditlogs policy set --instance i1 --keep-days 733", "--keep-days must be from 0 to 732, not 733")]
    public async Task Documented_ranges_are_checked_before_calling(string args, string message)
    {
        var result = await RunAsync(null, args.Split(' '));

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: " + message, result.Err, StringComparison.Ordinal);
    }

    private static RootCommand Root(CloudCommandSettings settings) => new("test") { RedisCommand.Create(settings), RdsCommand.Create(settings) };

    private static IEnumerable<string> Paths(Command command, string path) =>
        [path, .. command.Subcommands.SelectMany(c => Paths(c, path + " " + c.Name))];

    private static async Task<(int Exit, string Out, string Err)> RunAsync(Func<HttpMessageHandler>? handler, string[] args,
        Dictionary<string, string>? extraEnvironment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new Dictionary<string, string>(extraEnvironment ?? []) { ["DBLOGS_PROJECT_ID"] = "p1", ["DBLOGS_AK"] = "AK", ["DBLOGS_SK"] = "SK" };
        var settings = new CloudCommandSettings
        {
            HandlerFactory = handler,
            Out = stdout,
            Error = stderr,
            Environment = environment.GetValueOrDefault,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var exit = await Root(settings).Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"^\s{2}(?<names>-[^\s<]+(?:, -[^\s<]+)*)", RegexOptions.Multiline)]
    private static partial Regex OptionNames();
}
