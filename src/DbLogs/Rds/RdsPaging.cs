using System.CommandLine;
using DbLogs.Cli.Cloud;

namespace DbLogs.Cli.Rds;

/// <summary>
/// Paging of the RDS error-log and slow-log lists, whose API counts pages (<c>offset</c> is a page number from 1), not
/// entries as <c>--offset</c> does elsewhere.
/// </summary>
internal sealed class RdsPaging
{
    public Option<int> Page { get; } =
        new Option<int>("--page") { Description = "Page number, from 1.", HelpName = "N", DefaultValueFactory = _ => 1 }.AtLeast(1);

    public Option<int> Limit { get; } = CloudOptions.Limit("Entries per page (1-100).", 10, 100);

    public void AddTo(Command command)
    {
        command.Options.Add(Page);
        command.Options.Add(Limit);
    }
}
