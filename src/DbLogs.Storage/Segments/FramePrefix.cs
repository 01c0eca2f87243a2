using ZstdSharp;

namespace DbLogs.Storage.Segments;

/// <summary>Decompresses the first bytes of a zstd frame only, stopping there: a Range read ending early in a frame
/// skips decompressing the rest of it.</summary>
internal static class FramePrefix
{
    // One per thread, used only within a synchronous Decode: creating a decompression context per read costs more than the read.
    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>
    /// Decodes frame <paramref name="frame"/> of <paramref name="where"/> (its <paramref name="rawSize"/> bytes compressed in the first
    /// <paramref name="compressedLength"/> of <paramref name="compressed"/>) into <paramref name="destination"/>: all of it, or when
    /// shorter only its first bytes.
    /// </summary>
    public static void Decode(byte[] compressed, int compressedLength, int rawSize, Span<byte> destination, string where, int frame)
    {
        var decoded = destination.Length == rawSize
            ? (t_decompressor ??= new Decompressor()).Unwrap(compressed.AsSpan(0, compressedLength), destination)
            : Decompress(compressed, compressedLength, destination);
        if (decoded != destination.Length)
        {
            throw new IOException($"Frame {frame} of compressed segment {where} does not hold the bytes its seek table says.");
        }
    }

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
