using DbLogs.Cli.Output;

namespace DbLogs.Tests.Cli;

/// <summary>How a table is laid out on a terminal of 80 and 120 columns, and when piped; sizes and times for people.</summary>
public sealed class CliTableTests
{
    private const string Id = "e79f2d97-e972-41f2-b51c-d18f65f39a45";
    private const string Statement = "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > N ORDER BY o.total DESC";

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void On_a_terminal_ids_stay_whole_on_one_line_and_long_text_ends_with_an_ellipsis(int columns)
    {
        var text = CliTerminal.Visible(Render(columns, Table()));

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= columns, $"{line.Length} > {columns}: {line}"));
        var row = Assert.Single(lines, l => l.Contains(Id, StringComparison.Ordinal));
        Assert.Contains("2026-03-10 08:00:00Z", row, StringComparison.Ordinal);
        Assert.Contains("SELECT o.id", row, StringComparison.Ordinal);
        Assert.Contains("…", row, StringComparison.Ordinal);
        Assert.DoesNotContain("DESC", text, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("o.", StringComparison.Ordinal)); // not wrapped onto a second line
    }

    [Fact]
    public void A_wide_terminal_shows_the_table_whole_and_a_narrow_one_leaves_optional_columns_out()
    {
        var wide = Render(400, Table());
        var narrow = Render(80, Table());

        Assert.Contains(Statement, wide, StringComparison.Ordinal);
        Assert.Contains("Examined", wide, StringComparison.Ordinal);
        Assert.DoesNotContain("Examined", narrow, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_left_out_early_comes_back_when_leaving_out_a_wider_one_made_room()
    {
        var table = new CliTable("ID", "Name", "Engine", "Nodes", "Created").Optional("Nodes", "Created")
            .Row(Id, "cache-1", "redis", "2", "2026-12-05 08:26:24Z");

        var lines = CliTerminal.Visible(Render(80, table)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("Nodes", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Created", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void Piped_a_row_is_one_line_tab_separated_whole_and_not_padded()
    {
        var text = Render(null, Table().Row(Id, "2026-03-10 08:00:00Z", "7", "first line\nsecond\tline"));

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(["ID\tStart\tExamined\tStatement", $"{Id}\t2026-03-10 08:00:00Z\t1000\t{Statement}", $"{Id}\t2026-03-10 08:00:00Z\t7\tfirst line; second line"],
            lines);
        Assert.DoesNotContain('\u001b', text);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(266035.2, "259.8 KB")]
    [InlineData(1610612736, "1.5 GB")]
    public void Sizes_are_in_units_of_1024(double bytes, string shown) => Assert.Equal(shown, ByteSize.Format(bytes));

    [Theory]
    [InlineData("2026-03-10T08:00:00Z", "2026-03-10 08:00:00Z", "2026-03-10 16:00:00+08:00")]
    [InlineData("2026-03-10T16:00:00+0800", "2026-03-10 08:00:00Z", "2026-03-10 16:00:00+08:00")]
    [InlineData("2026-03-10T08:00:00", "2026-03-10 08:00:00Z", "2026-03-10 16:00:00+08:00")]
    [InlineData("2026-03-10", "2026-03-10", "2026-03-10")]
    public void Api_times_are_shown_in_one_format_in_utc_or_the_local_zone(string api, string utc, string local)
    {
        Assert.Equal(utc, TimeDisplay.Utc.Format(api));
        Assert.Equal(local, new TimeDisplay(CliTerminal.PlusEight).Format(api));
    }

    private static CliTable Table() => new CliTable("ID", "Start", "Examined", "Statement")
        .Truncate("Statement").Optional("Examined")
        .Row(Id, TimeDisplay.Utc.Format("2026-03-10T08:00:00Z"), "1000", Statement);

    private static string Render(int? columns, CliTable table)
    {
        using var writer = new StringWriter();
        new CliOutput(writer, columns, TimeDisplay.Utc).Table(table);
        return writer.ToString();
    }
}
