using DbLogs.Storage.Segments;

namespace DbLogs.Server.Tail;

/// <summary>Where a tail that asks for the last <c>since</c> lines starts: found by reading the stream backwards in blocks.</summary>
internal static class TailStart
{
    private const int Block = 64 * 1024;

    public static async Task<long> FindAsync(IStreamStore segments, long sourceId, long length, int lines, CancellationToken ct)
    {
        if (lines == 0)
        {
            return length;
        }

        var buffer = new byte[Block];
        var end = length;
        var seen = 0;
        while (lines > 0 && end > 0)
        {
            var start = Math.Max(0, end - Block);
            var count = (int)(end - start);
            await using (var stream = await segments.OpenReadAsync(sourceId, start, end, ct))
            {
                await stream.ReadExactlyAsync(buffer.AsMemory(0, count), ct);
            }

            // The stream ends with a '\n': the (lines + 1)-th one from the end, not counting that last one, ends the line before the start.
            for (var i = count - 1; i >= 0; i--)
            {
                if (buffer[i] == (byte)'\n' && start + i + 1 != length && ++seen == lines)
                {
                    return start + i + 1;
                }
            }

            end = start;
        }

        return 0;
    }
}
