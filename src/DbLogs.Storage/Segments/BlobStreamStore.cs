using System.Globalization;
using System.Runtime.InteropServices;
using DbLogs.Storage.Blobs;
using DbLogs.Storage.Sources;

namespace DbLogs.Storage.Segments;

/// <summary>
/// Streams kept in a blob store that every service node reads: each append is an object of its own,
/// <c>streams/{source}/{start:D20}-{created}-{writer}</c> (created: Unix milliseconds), created before the commit that names it in
/// <c>stream_pieces</c>. The writer part is unique per append, so two nodes appending at one place at once never overwrite each
/// other: the commit that wins says whose bytes they are, and the loser's object is never read. Objects no commit names are
/// deleted once older than <see cref="UncommittedGrace"/>; an append never commits later than <see cref="CommitDeadline"/>
/// after it began, so no object is deleted that a commit could still name.
/// </summary>
public sealed class BlobStreamStore(IBlobStore blobs, ISourceStore sources, TimeProvider clock) : IStreamStore
{
    public const string Prefix = "streams/";

    public static readonly TimeSpan CommitDeadline = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan UncommittedGrace = TimeSpan.FromHours(1);

    /// <summary>Reads a piece's key: its source and when it was created; false for any other key.</summary>
    public static bool TryParseKey(string key, out long sourceId, out DateTimeOffset created)
    {
        (sourceId, created) = (0, default);
        var parts = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..].Split('/') : [];
        var name = parts.Length == 2 ? parts[1].Split('-') : [];
        if (name.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out sourceId)
            || !long.TryParse(name[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        created = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    public async Task<string?> AppendAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{sourceId}/{at:D20}-{clock.GetUtcNow().ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}");
        // Seekable content goes up as one conditional PUT, whole or not at all.
        using var content = MemoryMarshal.TryGetArray(data, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        if (!await blobs.CreateAsync(key, content, ct))
        {
            throw new IOException($"Blob {key} already exists, though its name is new.");
        }

        return key;
    }

    public async Task<Stream> OpenReadAsync(long sourceId, long start, long end, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        var pieces = start == end ? [] : await sources.ListPiecesAsync(sourceId, start, end, ct);
        var covered = start;
        foreach (var piece in pieces)
        {
            if (piece.StreamStart > covered)
            {
                break;
            }

            covered = Math.Max(covered, piece.StreamEnd);
        }

        if (covered < end)
        {
            throw new IOException($"Stream {sourceId} has no committed piece holding byte {covered} (read of {start}-{end}).");
        }

        return new PiecesReadStream(blobs, pieces, start, end);
    }

    // Nothing to cut: an object stored but never committed is named by no piece, so it is never read.
    public void CutUncommitted(long sourceId, long committedLength)
    {
    }
}
