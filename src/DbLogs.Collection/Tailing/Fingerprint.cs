using System.Security.Cryptography;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// SHA-256 of a file's first bytes (up to <see cref="MaxLength"/>) with their count. With dev+inode it tells a
/// file from a new one that reuses the inode of a deleted one; alone it recognises a file's copy or its
/// compressed form (whose content starts the same).
/// </summary>
internal sealed class Fingerprint
{
    public const int MaxLength = 1024;

    private readonly byte[] _hash;

    private Fingerprint(int length, byte[] hash)
    {
        Length = length;
        _hash = hash;
    }

    public int Length { get; }

    public string HashHex => Convert.ToHexStringLower(_hash);

    public static Fingerprint Of(ReadOnlySpan<byte> head)
    {
        var first = head[..Math.Min(head.Length, MaxLength)];
        return new Fingerprint(first.Length, SHA256.HashData(first));
    }

    public static Fingerprint FromHex(int length, string hashHex)
    {
        if (length is < 0 or > MaxLength || hashHex.Length != SHA256.HashSizeInBytes * 2)
        {
            throw new FormatException($"Not a fingerprint: {length} bytes, hash '{hashHex}'.");
        }

        return new Fingerprint(length, Convert.FromHexString(hashHex));
    }

    /// <summary>
    /// Whether a file with these first bytes and this content size is the fingerprinted file. Fingerprinted bytes
    /// that hold no complete line (none at all, or a partial first line) say too little to tell the file from a new
    /// one that reuses its inode and starts alike (same pid, same date): then the file must not have grown either.
    /// </summary>
    public bool Identifies(ReadOnlySpan<byte> head, long size) =>
        Matches(head) && (Length == MaxLength || head[..Length].Contains((byte)'\n') || size == Length);

    /// <summary>Whether <paramref name="head"/> (a file's first bytes) starts with the fingerprinted bytes.</summary>
    public bool Matches(ReadOnlySpan<byte> head)
    {
        if (head.Length < Length)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(head[..Length], hash);
        return hash.SequenceEqual(_hash);
    }
}
