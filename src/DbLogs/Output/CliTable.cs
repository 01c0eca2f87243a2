using Spectre.Console;
using Spectre.Console.Rendering;

namespace DbLogs.Cli.Output;

/// <summary>
/// A table of plain-text cells (never parsed as Spectre markup); <c>null</c> cells show as <c>-</c>, empty ones stay
/// blank. Cells are never wrapped: on a terminal too narrow for the table, the columns marked with
/// <see cref="Truncate"/> (long text: statements, messages, file names) are shortened with an ellipsis, then, if that
/// is not enough, the columns marked with <see cref="Optional"/> are left out; every other column (ids, times, sizes,
/// addresses) stays whole. Piped, every column is whole (<see cref="WritePlain"/>).
/// </summary>
internal sealed class CliTable(params string[] headers)
{
    private const char Ellipsis = '…';

    /// <summary>A truncated column keeps at least this many characters (or its header's width, if wider).</summary>
    private const int NarrowestTruncated = 16;

    private readonly List<string?[]?> _rows = [];
    private readonly HashSet<string> _truncate = new(StringComparer.Ordinal);
    private readonly List<string> _optional = [];

    public int Count => _rows.Count(r => r is not null);

    public CliTable Row(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>Lets these columns be shortened with an ellipsis when the terminal is too narrow for the whole table.</summary>
    public CliTable Truncate(params string[] columns)
    {
        _truncate.UnionWith(columns);
        return this;
    }

    /// <summary>
    /// Columns a narrow terminal may leave out, the first given first, when the table does not fit even with its
    /// truncatable columns shortened.
    /// </summary>
    public CliTable Optional(params string[] columns)
    {
        _optional.AddRange(columns);
        return this;
    }

    /// <summary>An empty line between groups of rows on a terminal (ignored before the first row, and when not a terminal).</summary>
    public CliTable Separator()
    {
        if (_rows.Count > 0)
        {
            _rows.Add(null);
        }

        return this;
    }

    /// <summary>
    /// For scripts and pipes: the header and one line per row, cells separated by a tab, whole; a cell's own line
    /// breaks and tabs become "; " and a space.
    /// </summary>
    internal void WritePlain(TextWriter writer)
    {
        writer.WriteLine(string.Join('\t', headers));
        foreach (var row in _rows.OfType<string?[]>())
        {
            writer.WriteLine(string.Join('\t', row.Select(cell => OneLine(cell ?? "-"))));
        }
    }

    /// <summary>The Spectre table fitted to <paramref name="columns"/>, and the width it takes.</summary>
    internal (Table Table, int Width) Build(int columns)
    {
        var natural = headers.Select((header, i) => _rows.OfType<string?[]>().Select(r => Width(r[i] ?? "-")).Append(header.Length).Max()).ToArray();
        var kept = Enumerable.Range(0, headers.Length).ToList();
        var widths = Fit(natural, kept, columns);
        var dropped = new List<int>();
        foreach (var optional in _optional.Select(name => Array.IndexOf(headers, name)))
        {
            if (TableWidth(widths, kept) <= columns)
            {
                break;
            }

            kept.Remove(optional);
            dropped.Add(optional);
            widths = Fit(natural, kept, columns);
        }

        // A column left out early may fit again beside the narrower table that leaving out a wider one made.
        foreach (var optional in Enumerable.Reverse(dropped))
        {
            List<int> trial = [.. kept.Append(optional).Order()];
            var trialWidths = Fit(natural, trial, columns);
            if (TableWidth(trialWidths, trial) <= columns)
            {
                (kept, widths) = (trial, trialWidths);
            }
        }

        if (TableWidth(widths, kept) > columns)
        {
            // Last resort before the terminal wraps the lines: long text down to its header's width.
            widths = Fit(natural, kept, columns, narrowest: 1);
        }

        var table = new Table { Border = TableBorder.Rounded };
        foreach (var i in kept)
        {
            table.AddColumn(new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold))) { NoWrap = true });
        }

        foreach (var row in _rows)
        {
            if (row is null)
            {
                table.AddEmptyRow();
            }
            else
            {
                table.AddRow(kept.Select(i => (IRenderable)new Text(Shorten(row[i] ?? "-", widths[i]))));
            }
        }

        return (table, TableWidth(widths, kept));
    }

    /// <summary>
    /// The widths of the <paramref name="kept"/> columns: their widest cells, then, while the table is wider than
    /// <paramref name="columns"/>, the widest truncatable column loses a character, down to <paramref name="narrowest"/>
    /// (or its header's width).
    /// </summary>
    private int[] Fit(int[] natural, List<int> kept, int columns, int narrowest = NarrowestTruncated)
    {
        var widths = (int[])natural.Clone();
        var truncatable = kept.Where(i => _truncate.Contains(headers[i])).ToList();
        for (var excess = TableWidth(widths, kept) - columns; excess > 0; excess--)
        {
            var widest = truncatable.Where(i => widths[i] > Math.Max(headers[i].Length, narrowest))
                .OrderByDescending(i => widths[i]).Cast<int?>().FirstOrDefault();
            if (widest is not { } column)
            {
                break;
            }

            widths[column]--;
        }

        return widths;
    }

    /// <summary>Spectre's rounded table: a border on each side and between columns, a space of padding on each side of a cell.</summary>
    private static int TableWidth(int[] widths, List<int> kept) => 1 + kept.Sum(i => widths[i] + 3);

    private static int Width(string cell) => cell.Split('\n').Max(line => line.Length);

    private static string Shorten(string cell, int width) =>
        string.Join('\n', cell.Split('\n').Select(line => line.Length <= width ? line : line[..(width - 1)] + Ellipsis));

    private static string OneLine(string cell) => cell.Replace("\r", string.Empty, StringComparison.Ordinal)
        .Replace("\n", "; ", StringComparison.Ordinal).Replace('\t', ' ');
}
