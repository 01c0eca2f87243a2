namespace DbLogs.Storage.Blobs;

/// <summary>
/// The keys every blob store accepts: 1 to 1024 characters, <c>/</c>-separated non-empty segments that do not start with a
/// dot (so no <c>.</c> or <c>..</c>, and the local store's hidden temporary files can never be named), no backslash or
/// control character. The same key names the same object whichever store holds it.
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 1024;

    /// <exception cref="ArgumentException">The key breaks a rule above.</exception>
    public static string Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A blob key has 1 to {MaxLength} characters; this one has {key.Length}.", nameof(key));
        }

        CheckSegments(key, lastMayBePartial: false);
        return key;
    }

    /// <summary>Checks a listing prefix: any start of a valid key (the empty prefix lists everything).</summary>
    public static string CheckPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        CheckSegments(prefix, lastMayBePartial: true);
        return prefix;
    }

    private static void CheckSegments(string key, bool lastMayBePartial)
    {
        var start = 0;
        while (start <= key.Length)
        {
            var end = key.IndexOf('/', start);
            var last = end < 0;
            var segment = key.AsSpan(start, (last ? key.Length : end) - start);
            if (!(last && lastMayBePartial && segment.IsEmpty) && (segment.IsEmpty || segment[0] == '.'))
            {
                throw new ArgumentException($"Blob key \"{key}\" has an empty segment or one starting with a dot.", nameof(key));
            }

            foreach (var c in segment)
            {
                if (c == '\\' || char.IsControl(c))
                {
                    throw new ArgumentException($"Blob key \"{key}\" holds a backslash or a control character.", nameof(key));
                }
            }

            if (last)
            {
                return;
            }

            start = end + 1;
        }
    }
}
