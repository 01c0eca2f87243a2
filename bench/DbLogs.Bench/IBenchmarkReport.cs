namespace DbLogs.Bench;

/// <summary>What every benchmark gives back: its table, and the named figures it feeds to the final line.</summary>
internal interface IBenchmarkReport
{
    IReadOnlyDictionary<string, double> Figures { get; }

    void Print(TextWriter output);
}
