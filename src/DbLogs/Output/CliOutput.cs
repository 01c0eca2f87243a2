using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DbLogs.Cli.Output;

/// <summary>
/// A command's standard output: Spectre.Console tables and lines for people, indented JSON for scripts. When the
/// writer is not a terminal (redirected, piped, a test's <see cref="StringWriter"/>) nothing is coloured, no ANSI
/// sequence is written, and tables are laid out at their natural width instead of being wrapped to 80 columns.
/// </summary>
internal sealed class CliOutput
{
    /// <summary>The width given to Spectre when the output is not a terminal: wide enough that no cell wraps.</summary>
    private const int RedirectedWidth = 4096;

    private static readonly JsonWriterOptions IndentedJson = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TextWriter _writer;
    private readonly IAnsiConsole _console;

    public CliOutput(TextWriter writer, bool isTerminal)
    {
        _writer = writer;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = isTerminal },
        });
        if (!isTerminal)
        {
            _console.Profile.Width = RedirectedWidth;
        }
    }

    /// <summary>The process's standard output, treated as a terminal unless it is redirected.</summary>
    public static CliOutput ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void Line(string text = "") => _writer.WriteLine(text);

    /// <summary>Writes <paramref name="element"/> indented, one value per line, as the API sent it.</summary>
    public void Json(JsonElement element) => _writer.WriteLine(Indented(element));

    public void Table(CliTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _console.Write(table.Build(_console.Profile.Width));
    }

    /// <summary>The table, or <paramref name="whenEmpty"/> when it has no rows.</summary>
    public void Table(CliTable table, string whenEmpty)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count == 0)
        {
            Line(whenEmpty);
            return;
        }

        Table(table);
    }

    public static string Indented(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, IndentedJson))
        {
            element.WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>
/// A table of plain-text cells (never parsed as Spectre markup); <c>null</c> cells show as <c>-</c>, empty ones stay
/// blank. On a terminal too narrow for the table, cells wrap, except in the columns marked with <see cref="NoWrap"/>.
/// </summary>
internal sealed class CliTable(params string[] headers)
{
    private readonly List<string?[]?> _rows = [];
    private readonly HashSet<string> _noWrap = new(StringComparer.Ordinal);

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

    /// <summary>Keeps the cells of these columns (short ones: ids, addresses) whole when the terminal is narrow.</summary>
    public CliTable NoWrap(params string[] columns)
    {
        _noWrap.UnionWith(columns);
        return this;
    }

    /// <summary>An empty line between groups of rows (ignored before the first row).</summary>
    public CliTable Separator()
    {
        if (_rows.Count > 0)
        {
            _rows.Add(null);
        }

        return this;
    }

    /// <summary>The Spectre table for a console <paramref name="width"/> columns wide.</summary>
    internal Table Build(int width)
    {
        // Unwrapped columns that cannot fit would make Spectre draw an ellipsis instead of the table: wrap them too, then.
        var noWrap = _noWrap.Count > 0 && MinimumWidth() <= width ? _noWrap : [];
        var table = new Table { Border = TableBorder.Rounded };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))) { NoWrap = noWrap.Contains(header) });
        }

        foreach (var row in _rows)
        {
            if (row is null)
            {
                table.AddEmptyRow();
            }
            else
            {
                table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? "-")));
            }
        }

        return table;
    }

    /// <summary>The width of the table with its unwrapped columns whole and every other column 3 characters wide.</summary>
    private int MinimumWidth()
    {
        const int padding = 2, border = 1, narrowest = 3;
        var width = border;
        for (var i = 0; i < headers.Length; i++)
        {
            var content = _noWrap.Contains(headers[i])
                ? _rows.Where(r => r is not null).Select(r => (r![i] ?? "-").Length).Append(headers[i].Length).Max()
                : narrowest;
            width += content + padding + border;
        }

        return width;
    }
}
