using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DbLogs.Storage.Segments;

/// <summary>
/// The frame index of a compressed segment, in zstd's seekable format (contrib/seekable_format): a skippable frame
/// at the file's end listing each frame's compressed and decompressed size. <c>zstd -d</c> skips it, so a compressed
/// segment is also a plain .zst file whose content is the raw segment.
/// </summary>
internal sealed class SeekTable
{
    private const uint SkippableMagic = 0x184D2A5E;
    private const uint SeekableMagic = 0x8F92EAB1;
    private const int FooterBytes = 9;
    private const int HeaderBytes = 8;
    private const int EntryBytes = 8;
    private const int ChecksumFlag = 0x80;

    // Offsets of frame i are [i] to [i + 1]: where its bytes sit in the file and which stream bytes it holds.
    private readonly long[] _compressed;
    private readonly long[] _raw;

    private SeekTable(long[] compressed, long[] raw)
    {
        _compressed = compressed;
        _raw = raw;
    }

    public int Frames => _raw.Length - 1;

    public long RawLength => _raw[^1];

    public int LargestFrame { get; private init; }

    public int LargestCompressedFrame { get; private init; }

    public long RawStart(int frame) => _raw[frame];

    public int RawSize(int frame) => (int)(_raw[frame + 1] - _raw[frame]);

    public long CompressedStart(int frame) => _compressed[frame];

    public int CompressedSize(int frame) => (int)(_compressed[frame + 1] - _compressed[frame]);

    /// <summary>The frame holding raw offset <paramref name="offset"/> (the last frame for the end).</summary>
    public int FrameAt(long offset)
    {
        var found = Array.BinarySearch(_raw, offset);
        var frame = found >= 0 ? found : ~found - 1;
        return Math.Clamp(frame, 0, Math.Max(0, Frames - 1));
    }

    /// <summary>The seek table of frames with these (compressed, raw) sizes, as the file's last bytes.</summary>
    public static byte[] Encode(IReadOnlyList<(int Compressed, int Raw)> frames)
    {
        var bytes = new byte[HeaderBytes + (frames.Count * EntryBytes) + FooterBytes];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, SkippableMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(bytes.Length - HeaderBytes));
        var at = HeaderBytes;
        foreach (var (compressed, raw) in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)compressed);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], (uint)raw);
            at += EntryBytes;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)frames.Count);
        span[at + 4] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 5)..], SeekableMagic);
        return bytes;
    }

    /// <summary>Reads the table at the end of the open file.</summary>
    public static SeekTable Read(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        var tail = new byte[(int)Math.Min(length, FooterBytes)]; // a pread is cheap: the footer first, then the table it sizes
        if (RandomAccess.Read(file, tail, length - tail.Length) != tail.Length)
        {
            throw Corrupt(path, "has no seek table");
        }

        var needed = TableLength(tail, length, path);
        if (needed > tail.Length)
        {
            tail = new byte[needed];
            if (RandomAccess.Read(file, tail, length - needed) != needed)
            {
                throw Corrupt(path, "has a damaged seek table");
            }
        }

        return FromTail(tail, length, path);
    }

    /// <summary>How many of a compressed object's last bytes hold most seek tables (those of up to about 8,000 frames).</summary>
    public const int TailBytes = 64 << 10;

    /// <summary>
    /// How many last bytes of an object of <paramref name="length"/> its seek table takes, read from <paramref name="tail"/> (at
    /// least the object's last 9 bytes).
    /// </summary>
    public static int TableLength(ReadOnlySpan<byte> tail, long length, string where)
    {
        if (length < HeaderBytes + FooterBytes || tail.Length < FooterBytes || BinaryPrimitives.ReadUInt32LittleEndian(tail[^4..]) != SeekableMagic)
        {
            throw Corrupt(where, "has no seek table");
        }

        var footer = tail[^FooterBytes..];
        var frames = (long)BinaryPrimitives.ReadUInt32LittleEndian(footer);
        var entryBytes = (footer[4] & ChecksumFlag) != 0 ? EntryBytes + 4 : EntryBytes;
        var tableBytes = HeaderBytes + (frames * entryBytes) + FooterBytes;
        return tableBytes > length || tableBytes > int.MaxValue ? throw Corrupt(where, "has a seek table longer than the file") : (int)tableBytes;
    }

    /// <summary>The table of an object of <paramref name="length"/> whose last bytes are <paramref name="tail"/> (the whole table at least).</summary>
    public static SeekTable FromTail(ReadOnlySpan<byte> tail, long length, string where)
    {
        var tableBytes = TableLength(tail, length, where);
        var table = tail[^tableBytes..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(table) != SkippableMagic)
        {
            throw Corrupt(where, "has a damaged seek table");
        }

        var footer = tail[^FooterBytes..];
        var frames = (int)BinaryPrimitives.ReadUInt32LittleEndian(footer);
        var entryBytes = (footer[4] & ChecksumFlag) != 0 ? EntryBytes + 4 : EntryBytes;
        var compressed = new long[frames + 1];
        var raw = new long[frames + 1];
        int largest = 0, largestCompressed = 0;
        for (var i = 0; i < frames; i++)
        {
            var entry = table[(HeaderBytes + (i * entryBytes))..];
            var c = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var r = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            compressed[i + 1] = compressed[i] + c;
            raw[i + 1] = raw[i] + r;
            largest = Math.Max(largest, r);
            largestCompressed = Math.Max(largestCompressed, c);
        }

        if (compressed[frames] != length - tableBytes)
        {
            throw Corrupt(where, "has frames that do not add up to its length");
        }

        return new SeekTable(compressed, raw) { LargestFrame = largest, LargestCompressedFrame = largestCompressed };
    }

    private static IOException Corrupt(string path, string problem) => new($"Compressed segment {path} {problem}.");
}
