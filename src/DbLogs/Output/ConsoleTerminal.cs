namespace DbLogs.Cli.Output;

/// <summary>What the process's standard output is: a terminal of some width, or not a terminal at all.</summary>
internal static class ConsoleTerminal
{
    /// <summary>Used when the terminal does not report its width (some CI consoles report 0).</summary>
    private const int FallbackColumns = 80;

    /// <summary>The terminal's width in columns, or <c>null</c> when standard output is redirected or piped.</summary>
    public static int? Columns()
    {
        if (Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : FallbackColumns;
        }
        catch (IOException)
        {
            return FallbackColumns;
        }
    }
}
