using System.Globalization;
using System.Text;
using DbLogs.Storage.Segments;

namespace DbLogs.Storage.Files;

/// <summary>
/// A collected file kept as a reference to its bytes in a source's stream instead of a copy: a few lines of text,
/// <c>dblogs-ranges 1</c>, <c>source {id}</c>, then one <c>{start} {end}</c> line per range, in file order.
/// </summary>
public sealed record RangesManifest(long SourceId, IReadOnlyList<StreamRange> Ranges)
{
    private const string Header = "dblogs-ranges 1";

    public long Length => Ranges.Sum(r => r.Length);

    public byte[] Encode()
    {
        var text = new StringBuilder(Header).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"source {SourceId}\n");
        foreach (var range in Ranges)
        {
            text.Append(CultureInfo.InvariantCulture, $"{range.Start} {range.End}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static RangesManifest Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>What <see cref="Encode"/> wrote, read back.</summary>
    /// <param name="where">The manifest's file or blob, for the message when it is damaged.</param>
    public static RangesManifest Decode(byte[] bytes, string where)
    {
        var lines = new List<string>();
        using (var reader = new StringReader(Encoding.ASCII.GetString(bytes)))
        {
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }

        return Parse(lines, where);
    }

    private static RangesManifest Parse(List<string> lines, string where)
    {
        if (lines.Count < 2 || lines[0] != Header || !lines[1].StartsWith("source ", StringComparison.Ordinal)
            || !long.TryParse(lines[1].AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId))
        {
            throw Damaged(where);
        }

        var ranges = new List<StreamRange>(lines.Count - 2);
        foreach (var line in lines.Skip(2))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0
                || !long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                || end < start)
            {
                throw Damaged(where);
            }

            ranges.Add(new StreamRange(start, end));
        }

        return new RangesManifest(sourceId, ranges);
    }

    private static IOException Damaged(string where) => new($"Collected file manifest {where} is damaged.");
}
