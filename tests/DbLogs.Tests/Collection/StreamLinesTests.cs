using System.Text;
using DbLogs.Processing.Streams;

namespace DbLogs.Tests.Collection;

public class StreamLinesTests
{
    private const long Base = 1_000;

    /// <summary>Hands out at most a few bytes per read, so every line is split across buffer refills.</summary>
    private sealed class TrickleStream(byte[] bytes, int step) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(step, buffer.Length)], cancellationToken);
    }

    private sealed record Seen(long Start, long End, string Line, string WithNewline);

    private static async Task<(List<Seen> Lines, string Tail)> ReadAllAsync(byte[] bytes, int step, bool headsOnly = false)
    {
        using var stream = new TrickleStream(bytes, step);
        using var lines = new StreamLines(stream, Base, headsOnly);
        var seen = new List<Seen>();
        while (await lines.NextAsync(CancellationToken.None))
        {
            seen.Add(new Seen(lines.LineStart, lines.LineEnd, Encoding.ASCII.GetString(lines.Line.Span),
                Encoding.ASCII.GetString(lines.LineWithNewline.Span)));
        }

        return (seen, Encoding.ASCII.GetString(lines.Tail.Span));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 20)]
    public async Task Lines_split_across_refills_come_whole_with_exact_positions_and_no_partial_tail(int step)
    {
        var text = "first line\n\nthird, after an empty one\r\nfourth\npartial";
        var (lines, tail) = await ReadAllAsync(Encoding.ASCII.GetBytes(text), step);

        Assert.Equal(["first line", "", "third, after an empty one\r", "fourth"], lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.Equal(l.Line + "\n", l.WithNewline));
        Assert.All(lines, l => Assert.Equal(l.WithNewline, text.Substring((int)(l.Start - Base), (int)(l.End - l.Start))));
        Assert.Equal(Base, lines[0].Start);
        Assert.All(lines.Zip(lines.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.Equal("partial", tail);
        Assert.Equal(text.Length - "partial".Length, lines[^1].End - Base);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task A_line_longer_than_the_buffer_comes_whole(int step)
    {
        var longLine = new string('x', 200_000) + "end";
        var text = $"short\n{longLine}\nafter\n";
        var (lines, tail) = await ReadAllAsync(Encoding.ASCII.GetBytes(text), step);

        Assert.Equal(["short", longLine, "after"], lines.Select(l => l.Line));
        Assert.Equal((Base + 6, Base + 6 + longLine.Length + 1), (lines[1].Start, lines[1].End));
        Assert.Equal(Base + text.Length, lines[^1].End);
        Assert.Equal("", tail);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task With_heads_only_a_longer_line_keeps_its_start_and_exact_end(int step)
    {
        var longLine = "head:" + new string('x', 300_000);
        var text = $"short\n{longLine}\nafter\nnot done";
        var (lines, tail) = await ReadAllAsync(Encoding.ASCII.GetBytes(text), step, headsOnly: true);

        Assert.Equal(3, lines.Count);
        Assert.Equal("short", lines[0].Line);
        Assert.StartsWith("head:xxx", lines[1].Line, StringComparison.Ordinal);
        Assert.InRange(lines[1].Line.Length, 1, 64 * 1024);
        Assert.Equal(longLine[..lines[1].Line.Length], lines[1].Line);
        Assert.Equal((Base + 6, Base + 6 + longLine.Length + 1), (lines[1].Start, lines[1].End));
        Assert.Equal("after", lines[2].Line);
        Assert.Equal(lines[1].End, lines[2].Start);
        Assert.Equal("not done", tail);
    }
}
