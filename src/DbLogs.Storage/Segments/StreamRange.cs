namespace DbLogs.Storage.Segments;

/// <summary>Bytes [Start, End) of a source's stream.</summary>
public readonly record struct StreamRange(long Start, long End)
{
    public long Length => End - Start;

    /// <summary>Adds [start, end) to ranges kept in stream order, merged into the last one when they touch.</summary>
    public static void Append(List<StreamRange> ranges, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (end <= start)
        {
            return;
        }

        if (ranges.Count > 0 && ranges[^1].End == start)
        {
            ranges[^1] = ranges[^1] with { End = end };
        }
        else
        {
            ranges.Add(new StreamRange(start, end));
        }
    }
}
