using ZstdSharp;

namespace DbLogs.Storage.Segments;

/// <summary>Decompresses the first bytes of a zstd frame only, stopping there: a Range read ending early in a frame
/// skips decompressing the rest of it.</summary>
internal static class FramePrefix
{
    /// <summary>Fills <paramref name="destination"/> from the frame's start; returns how many bytes it holds (fewer when the frame is shorter).</summary>
    public static int Decompress(byte[] compressed, int compressedLength, Span<byte> destination)
    {
        using var input = new MemoryStream(compressed, 0, compressedLength, writable: false);
        // A fresh context: stopping mid-frame leaves a streaming context mid-frame.
        using var frame = new DecompressionStream(input, checkEndOfStream: false);
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = frame.Read(destination[filled..]);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
