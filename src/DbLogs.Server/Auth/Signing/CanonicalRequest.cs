using System.Buffers;
using System.Text;

namespace DbLogs.Server.Auth.Signing;

/// <summary>
/// The canonical request that an <c>SDK-HMAC-SHA256</c> signature covers (see docs: spec/auth.md): method, URI, query,
/// signed headers and payload hash, each normalised the way the official signers do.
/// </summary>
public static class CanonicalRequest
{
    private const int StackLimit = 512;

    /// <summary>
    /// The canonical request, in the official signers' exact layout:
    /// <c>METHOD\nURI\nQUERY\nname:value\n…\n\nh1;h2\npayloadHash</c>
    /// (the header block ends in '\n' and is then followed by the '\n' separator).
    /// </summary>
    /// <param name="method">The HTTP method as sent.</param>
    /// <param name="rawPath">The raw (still percent-encoded) path.</param>
    /// <param name="rawQuery">The raw query, with or without the leading '?'.</param>
    /// <param name="signedHeaders">Signed header names in Authorization order.</param>
    /// <param name="headerValues">Values of a header given its lower-case name; empty when absent.</param>
    /// <param name="payloadHash">Lower-hex SHA-256 of the body, or the X-Sdk-Content-Sha256 value.</param>
    public static string Build(
        string method,
        string rawPath,
        string rawQuery,
        IReadOnlyList<string> signedHeaders,
        Func<string, IReadOnlyList<string>> headerValues,
        string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        ArgumentNullException.ThrowIfNull(headerValues);
        ArgumentNullException.ThrowIfNull(payloadHash);

        var sb = new StringBuilder(256);
        sb.Append(method).Append('\n')
            .Append(Uri(rawPath)).Append('\n')
            .Append(Query(rawQuery)).Append('\n');

        var lines = 0;
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            var name = AsciiLower(signedHeaders[i]);
            var values = headerValues(name);
            if (values.Count == 1)
            {
                AppendHeaderLine(sb, name, values[0]);
                lines++;
                continue;
            }

            // Like the .NET and Go signers: repeated values are sorted ordinally *before* trimming and
            // each one gets its own "name:value" line; a signed header with no value adds no line.
            var sorted = values.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            foreach (var value in sorted)
            {
                AppendHeaderLine(sb, name, value);
                lines++;
            }
        }

        if (lines == 0)
        {
            sb.Append('\n');
        }

        sb.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(';');
            }

            sb.Append(AsciiLower(signedHeaders[i]));
        }

        sb.Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>Canonical URI: percent-decode, RFC 3986-encode each segment, always end in '/'.</summary>
    public static string Uri(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);

        if (IsAllUnreservedOrSlash(rawPath))
        {
            return rawPath.EndsWith('/') ? rawPath : rawPath + "/";
        }

        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(rawPath.Length);
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(rawPath, buffer);
            // Decoding to bytes and re-encoding byte by byte (rather than via a string) keeps any
            // non-UTF-8 escape such as %FF byte-exact, as the Go signer does.
            var decoded = buffer[..PercentEncoding.DecodeInPlace(buffer[..length], plusAsSpace: false)];

            var sb = new StringBuilder(decoded.Length + 16);
            foreach (var b in decoded)
            {
                if (b == '/' || PercentEncoding.IsUnreserved(b))
                {
                    sb.Append((char)b);
                }
                else
                {
                    PercentEncoding.AppendPercent(sb, b);
                }
            }

            if (sb.Length == 0 || sb[^1] != '/')
            {
                sb.Append('/');
            }

            return sb.ToString();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Canonical query string: decoded ('+' is a space), sorted by name then value, RFC 3986-encoded.</summary>
    public static string Query(string rawQuery)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);

        var query = rawQuery.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        if (query.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in query.Split('&'))
        {
            var piece = query[range];
            if (piece.IsEmpty)
            {
                continue;
            }

            var eq = piece.IndexOf('=');
            var name = eq < 0 ? piece : piece[..eq];
            var value = eq < 0 ? [] : piece[(eq + 1)..];
            pairs.Add(new(PercentEncoding.UrlDecode(name), PercentEncoding.UrlDecode(value)));
        }

        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var sb = new StringBuilder(query.Length + 16);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('&');
            }

            PercentEncoding.AppendEncoded(sb, pairs[i].Key);
            sb.Append('=');
            PercentEncoding.AppendEncoded(sb, pairs[i].Value);
        }

        return sb.ToString();
    }

    private static void AppendHeaderLine(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append(':').Append(value.AsSpan().Trim()).Append('\n');

    private static bool IsAllUnreservedOrSlash(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x80 || (c != '/' && !PercentEncoding.IsUnreserved((byte)c)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ASCII-only lower-casing (header names are ASCII tokens); returns the same instance when unchanged.</summary>
    internal static string AsciiLower(string text)
    {
        var firstUpper = text.AsSpan().IndexOfAnyInRange('A', 'Z');
        if (firstUpper < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
        });
    }
}
