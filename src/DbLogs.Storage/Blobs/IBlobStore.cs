namespace DbLogs.Storage.Blobs;

/// <summary>
/// Immutable named byte objects (blobs): a directory of the data directory, or a bucket of an S3-compatible object store.
/// An object is written whole and once (<see cref="CreateAsync"/>), read by ranges as a stream, listed by key prefix and
/// deleted. Keys are <c>/</c>-separated paths whose segments are non-empty and do not start with a dot (see <see cref="BlobKey"/>).
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores what <paramref name="content"/> holds to its end under <paramref name="key"/> unless an object of that key exists:
    /// then nothing changes and the answer is false. Once true, the object is durable. Of two creates of one key at once exactly
    /// one is true, except on S3 for content that cannot seek and is larger than a part (a multipart upload, whose conditional
    /// completion Ceph 16 ignores): give such writes a key no other writer uses.
    /// </summary>
    Task<bool> CreateAsync(string key, Stream content, CancellationToken ct = default);

    /// <summary>
    /// The object's bytes from <paramref name="offset"/>, <paramref name="length"/> of them or fewer where the object ends (all
    /// to its end when null), streamed as read; null when there is no such object.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is past the object's end.</exception>
    Task<Stream?> OpenReadAsync(string key, long offset = 0, long? length = null, CancellationToken ct = default);

    /// <summary>The object's length in bytes, or null when there is no such object.</summary>
    Task<long?> LengthAsync(string key, CancellationToken ct = default);

    /// <summary>The objects whose keys start with <paramref name="prefix"/>, in ordinal key order, fetched a page at a time.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Deletes the object; deleting one that does not exist is no error.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}

/// <summary>One object of a listing.</summary>
public readonly record struct BlobEntry(string Key, long Length);
