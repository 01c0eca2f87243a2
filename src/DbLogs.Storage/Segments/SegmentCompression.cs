using System.Buffers;
using DbLogs.Core.Files;
using ZstdSharp;

namespace DbLogs.Storage.Segments;

/// <summary>
/// Turns a sealed raw segment into a seekable zstd file: independent frames of <c>frameBytes</c> stream bytes each, then
/// the <see cref="SeekTable"/>. The file is written under <c>.tmp</c>, synced and renamed, so it exists only whole.
/// </summary>
internal static class SegmentCompression
{
    public const string TempSuffix = ".tmp";

    /// <summary>Compresses <paramref name="rawPath"/> into <paramref name="targetPath"/> (made durable); returns the raw length.</summary>
    public static long Compress(string rawPath, string targetPath, int frameBytes, int level)
    {
        var temp = targetPath + TempSuffix;
        long total;
        try
        {
            using (var input = new FileStream(rawPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1))
            using (var output = new FileStream(temp, OwnerOnly.WriteOptions(FileMode.Create, bufferSize: 1 << 16)))
            {
                total = Compress(input, output, frameBytes, level);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, targetPath, overwrite: true);
            DurableFile.SyncDirectory(Path.GetDirectoryName(targetPath)!);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return total;
    }

    /// <summary>Writes what <paramref name="input"/> holds to its end as seekable zstd to <paramref name="output"/>; returns the raw length.</summary>
    public static long Compress(Stream input, Stream output, int frameBytes, int level)
    {
        var raw = ArrayPool<byte>.Shared.Rent(frameBytes);
        var compressed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(frameBytes));
        var frames = new List<(int Compressed, int Raw)>();
        long total = 0;
        try
        {
            using var compressor = new Compressor(level);
            int read;
            while ((read = input.ReadAtLeast(raw.AsSpan(0, frameBytes), frameBytes, throwOnEndOfStream: false)) > 0)
            {
                var size = compressor.Wrap(raw.AsSpan(0, read), compressed);
                output.Write(compressed, 0, size);
                frames.Add((size, read));
                total += read;
            }

            output.Write(SeekTable.Encode(frames));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(compressed);
        }

        return total;
    }
}
