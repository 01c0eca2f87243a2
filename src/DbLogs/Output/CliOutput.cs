using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace DbLogs.Cli.Output;

/// <summary>
/// A command's standard output: tables and lines for people, indented JSON for scripts. On a terminal tables are
/// drawn to fit its width (see <see cref="CliTable"/>); when the output is not a terminal (redirected, piped, a
/// test's <see cref="StringWriter"/>) a table is one tab-separated line per row, whole, with no colour, no ANSI
/// sequence and no padding.
/// </summary>
internal sealed class CliOutput
{
    private static readonly JsonWriterOptions IndentedJson = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TextWriter _writer;
    private readonly int? _terminalColumns;

    /// <param name="writer">Where the output goes.</param>
    /// <param name="terminalColumns">The terminal's width, or <c>null</c> when <paramref name="writer"/> is not a terminal.</param>
    /// <param name="times">How times are shown (UTC, or <c>--local</c>).</param>
    public CliOutput(TextWriter writer, int? terminalColumns, TimeDisplay times)
    {
        _writer = writer;
        _terminalColumns = terminalColumns;
        Times = times;
    }

    public TimeDisplay Times { get; }

    public void Line(string text = "") => _writer.WriteLine(text);

    /// <summary>Writes <paramref name="element"/> indented, one value per line, as the API sent it.</summary>
    public void Json(JsonElement element) => _writer.WriteLine(Indented(element));

    /// <summary>A time as the API wrote it, in the format every command prints (UTC, or the local zone with <c>--local</c>).</summary>
    public string? Time(string? apiTime) => Times.Format(apiTime);

    public void Table(CliTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_terminalColumns is not { } columns)
        {
            table.WritePlain(_writer);
            return;
        }

        var (rendered, width) = table.Build(columns);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_writer) });
        // Wider than the terminal only when the whole columns alone do not fit: the terminal then wraps the lines.
        console.Profile.Width = Math.Max(columns, width);
        console.Write(rendered);
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
