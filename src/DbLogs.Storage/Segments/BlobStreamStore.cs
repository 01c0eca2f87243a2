using System.Collections.Concurrent;
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
public sealed class BlobStreamStore(IBlobStore blobs, ISourceStore sources, TimeProvider clock, long segmentBytes = SegmentStore.DefaultSegmentBytes)
    : IStreamStore
{
    public const string Prefix = "streams/";

    private const string CompressedSuffix = ".zst";

    // Compressed pieces never change, so their seek tables are kept once read.
    private readonly ConcurrentDictionary<string, SeekTable> _seekTables = new();

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
        using var content = MemoryMarshal.TryGetArray(data, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        return await CreatePieceAsync(sourceId, at, clock.GetUtcNow(), content, suffix: string.Empty, ct);
    }

    /// <summary>A piece is durable once created: nothing is left to sync.</summary>
    public async Task<PendingAppend> WriteAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default) =>
        new(await AppendAsync(sourceId, at, data, ct));

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

        return new PiecesReadStream(pieces, start, end, OpenPieceAsync, (from, token) => sources.ListPiecesAsync(sourceId, from, end, token));
    }

    /// <summary>
    /// Compresses each run of raw pieces that fills a segment (<c>segmentBytes</c> or more) into one seekable zstd piece and commits
    /// it in their place; answers how many it made. The raw objects are left to the sweep, so a reader that listed them before
    /// still reads them (or, once collected, lists anew).
    /// </summary>
    public async Task<int> CompactAsync(long sourceId, CancellationToken ct = default)
    {
        var pieces = await sources.ListPiecesAsync(sourceId, 0, long.MaxValue, ct);
        var (first, made) = (-1, 0);
        for (var i = 0; i < pieces.Count && !ct.IsCancellationRequested; i++)
        {
            if (IsCompressed(pieces[i]) || (first >= 0 && pieces[i].StreamStart != pieces[i - 1].StreamEnd))
            {
                first = -1;
                continue;
            }

            first = first < 0 ? i : first;
            if (pieces[i].StreamEnd - pieces[first].StreamStart >= segmentBytes)
            {
                await CompactRunAsync(sourceId, [.. pieces.Skip(first).Take(i - first + 1)], ct);
                (first, made) = (-1, made + 1);
            }
        }

        return made;
    }

    private async Task CompactRunAsync(long sourceId, IReadOnlyList<StreamPiece> run, CancellationToken ct)
    {
        var began = clock.GetUtcNow();
        var (start, end) = (run[0].StreamStart, run[^1].StreamEnd);
        using var compressed = new MemoryStream();
        await using (var raw = new PiecesReadStream(run, start, end, OpenPieceAsync, (_, _) => Task.FromResult(run)))
        {
            // CPU-bound: the caller runs this off the request threads (a low-priority worker).
            var length = SegmentCompression.Compress(raw, compressed, SegmentStore.DefaultFrameBytes, SegmentStore.DefaultLevel);
            if (length != end - start)
            {
                throw new IOException($"Stream {sourceId} gave {length} bytes for pieces {start}-{end}.");
            }
        }

        compressed.Position = 0;
        var key = await CreatePieceAsync(sourceId, start, began, compressed, CompressedSuffix, ct);
        if (clock.GetUtcNow() - began > CommitDeadline)
        {
            return; // the sweep may take the new object as never committed: leave the raw pieces as they are
        }

        await sources.ReplacePiecesAsync(sourceId, new StreamPiece(start, end, key), ct);
    }

    /// <summary>Stores a piece's object under a name no other writer uses (see <see cref="TryParseKey"/>); answers its key.</summary>
    private async Task<string> CreatePieceAsync(long sourceId, long start, DateTimeOffset created, Stream content, string suffix, CancellationToken ct)
    {
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{sourceId}/{start:D20}-{created.ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}{suffix}");
        // Seekable content goes up as one conditional PUT, whole or not at all.
        return await blobs.CreateAsync(key, content, ct) ? key : throw new IOException($"Blob {key} already exists, though its name is new.");
    }

    private static bool IsCompressed(StreamPiece piece) => piece.BlobKey.EndsWith(CompressedSuffix, StringComparison.Ordinal);

    /// <summary>Bytes [offset, offset + length) of a piece, raw or compressed; null when its object is gone.</summary>
    private async Task<Stream?> OpenPieceAsync(StreamPiece piece, long offset, long length, CancellationToken ct)
    {
        if (!IsCompressed(piece))
        {
            return await blobs.OpenReadAsync(piece.BlobKey, offset, length, ct);
        }

        if (!_seekTables.TryGetValue(piece.BlobKey, out var table))
        {
            if (await ReadSeekTableAsync(piece.BlobKey, ct) is not { } read)
            {
                return null;
            }

            table = _seekTables.GetOrAdd(piece.BlobKey, read);
        }

        return new CompressedBlobStream(blobs, piece.BlobKey, table, offset, offset + length);
    }

    private async Task<SeekTable?> ReadSeekTableAsync(string key, CancellationToken ct)
    {
        if (await blobs.LengthAsync(key, ct) is not { } length)
        {
            return null;
        }

        var tail = await ReadTailAsync(key, length, (int)Math.Min(length, SeekTable.TailBytes), ct);
        var needed = SeekTable.TableLength(tail, length, key);
        if (needed > tail.Length)
        {
            tail = await ReadTailAsync(key, length, needed, ct);
        }

        return SeekTable.FromTail(tail, length, key);
    }

    private async Task<byte[]> ReadTailAsync(string key, long length, int count, CancellationToken ct)
    {
        var tail = new byte[count];
        await using var stream = await blobs.OpenReadAsync(key, length - count, count, ct)
            ?? throw new IOException($"The compressed stream piece {key} is missing from the blob store.");
        await stream.ReadExactlyAsync(tail, ct);
        return tail;
    }

    // Nothing to cut: an object stored but never committed is named by no piece, so it is never read (and later swept).
    public async Task RecoverAsync(long sourceId, long committedLength, CancellationToken ct = default)
    {
        if (committedLength > 0 && (await sources.ListPiecesAsync(sourceId, 0, 1, ct)).Count == 0)
        {
            throw new InvalidOperationException(
                $"Stream {sourceId} holds {committedLength} committed bytes that are not in the object store: they were collected into a data " +
                "directory before Blobs:S3 was set, and moving them into a bucket is not supported yet. Start without Blobs:S3, or on a new store.");
        }
    }
}
