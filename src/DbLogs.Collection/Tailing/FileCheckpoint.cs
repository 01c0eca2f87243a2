namespace DbLogs.Collection.Tailing;

/// <summary>One file of a source, as far as the service acknowledged it.</summary>
/// <param name="Id">The agent's UUID for the file (<c>X-DbLogs-File-Id</c>).</param>
/// <param name="Device">With <paramref name="Inode"/>, the file's identity; both 0 once its inode holds another file
/// (truncated in place).</param>
/// <param name="FingerprintLength">How many first bytes <paramref name="FingerprintSha256"/> covers (up to 1024).</param>
/// <param name="FingerprintSha256">SHA-256 (hex) of the file's first <paramref name="FingerprintLength"/> bytes,
/// uncompressed.</param>
/// <param name="Path">Where the file was last seen.</param>
/// <param name="Compressed">Whether the file was last seen gzip-compressed (offsets count uncompressed bytes).</param>
/// <param name="Offset">The service holds the file's bytes up to here.</param>
/// <param name="Size">The largest size seen: what is lost, at least, if the file disappears before it is read.</param>
/// <param name="Finished">The file gets no more bytes and the service holds all of them.</param>
public sealed record FileCheckpoint(
    string Id,
    ulong Device,
    ulong Inode,
    int FingerprintLength,
    string FingerprintSha256,
    string Path,
    bool Compressed,
    long Offset,
    long Size,
    bool Finished);
