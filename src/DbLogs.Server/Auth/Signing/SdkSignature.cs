using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DbLogs.Server.Auth.Signing;

/// <summary>
/// Huawei Cloud API Gateway <c>SDK-HMAC-SHA256</c> request signature (see docs: spec/auth.md).
/// Pure functions; the caller supplies the raw request target and header values.
/// </summary>
public static class SdkSignature
{
    public const string Algorithm = "SDK-HMAC-SHA256";

    public const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The <c>X-Sdk-Content-Sha256</c> value with which a client leaves the body unsigned (the Node.js SDK core sends
    /// it with every body that is not JSON).</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const string SdkDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int StackLimit = 512;
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>Canonical URI: percent-decode, RFC 3986-encode each segment, always end in '/'.</summary>
    public static string CanonicalUri(string rawPath)
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
            var decoded = buffer[..PercentDecodeInPlace(buffer[..length], plusAsSpace: false)];

            var sb = new StringBuilder(decoded.Length + 16);
            foreach (var b in decoded)
            {
                if (b == '/' || IsUnreserved(b))
                {
                    sb.Append((char)b);
                }
                else
                {
                    AppendPercent(sb, b);
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
    public static string CanonicalQuery(string rawQuery)
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
            pairs.Add(new(UrlDecode(name), UrlDecode(value)));
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

            AppendRfc3986(sb, pairs[i].Key);
            sb.Append('=');
            AppendRfc3986(sb, pairs[i].Value);
        }

        return sb.ToString();
    }

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
    public static string CanonicalRequest(
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
            .Append(CanonicalUri(rawPath)).Append('\n')
            .Append(CanonicalQuery(rawQuery)).Append('\n');

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

    /// <summary><c>SDK-HMAC-SHA256\n{sdkDate}\n{lowerhex(sha256(canonicalRequest))}</c>.</summary>
    public static string StringToSign(string sdkDate, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(sdkDate);
        ArgumentNullException.ThrowIfNull(canonicalRequest);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(canonicalRequest.Length);
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(canonicalRequest, buffer);
            SHA256.HashData(buffer[..length], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        return string.Concat(Algorithm + "\n", sdkDate, "\n", hex);
    }

    /// <summary>Lower-hex HMAC-SHA256 of <paramref name="stringToSign"/> keyed with the UTF-8 bytes of the SK.</summary>
    public static string Sign(string secretKey, string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(stringToSign);

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        byte[]? rented = null;
        var keyMax = Encoding.UTF8.GetMaxByteCount(secretKey.Length);
        var messageMax = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
        var total = keyMax + messageMax;
        var buffer = total <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(total));
        var keyLength = 0;
        try
        {
            keyLength = Encoding.UTF8.GetBytes(secretKey, buffer);
            var messageLength = Encoding.UTF8.GetBytes(stringToSign, buffer[keyMax..]);
            HMACSHA256.HashData(buffer[..keyLength], buffer.Slice(keyMax, messageLength), mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..keyLength]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time comparison of two hex signatures; different lengths are unequal.</summary>
    public static bool SignatureEquals(string expectedHex, string actualHex)
    {
        if (expectedHex is null || actualHex is null || expectedHex.Length != actualHex.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(expectedHex.AsSpan()),
            MemoryMarshal.AsBytes(actualHex.AsSpan()));
    }

    /// <summary>
    /// Parses <c>SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex</c>: the three parts in any
    /// order, spaces tolerated around separators; each part exactly once, nothing else.
    /// </summary>
    public static bool TryParseAuthorization(string? header, out SdkAuthorization authorization)
    {
        authorization = default;
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return false;
        }

        text = text[Algorithm.Length..];
        if (text.IsEmpty || !char.IsWhiteSpace(text[0]))
        {
            return false;
        }

        string? accessKey = null;
        string[]? signedHeaders = null;
        string? signature = null;
        foreach (var range in text.Split(','))
        {
            var part = text[range].Trim();
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq].TrimEnd();
            var value = part[(eq + 1)..].TrimStart();
            if (value.IsEmpty)
            {
                return false;
            }

            if (key.Equals("Access", StringComparison.OrdinalIgnoreCase))
            {
                if (accessKey is not null)
                {
                    return false;
                }

                accessKey = value.ToString();
            }
            else if (key.Equals("SignedHeaders", StringComparison.OrdinalIgnoreCase))
            {
                if (signedHeaders is not null || !TryParseSignedHeaders(value, out signedHeaders))
                {
                    return false;
                }
            }
            else if (key.Equals("Signature", StringComparison.OrdinalIgnoreCase))
            {
                if (signature is not null || !IsHex(value))
                {
                    return false;
                }

                signature = value.ToString();
            }
            else
            {
                return false;
            }
        }

        if (accessKey is null || signedHeaders is null || signature is null)
        {
            return false;
        }

        authorization = new SdkAuthorization(accessKey, signedHeaders, signature);
        return true;
    }

    /// <summary>Parses an <c>X-Sdk-Date</c> value, exactly <c>yyyyMMddTHHmmssZ</c>, as UTC.</summary>
    public static bool TryParseSdkDate(string? value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(
            value,
            SdkDateFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out date);

    public static string LowerHexSha256(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void AppendHeaderLine(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append(':').Append(value.AsSpan().Trim()).Append('\n');

    private static bool TryParseSignedHeaders(ReadOnlySpan<char> value, out string[] names)
    {
        var list = new List<string>();
        foreach (var range in value.Split(';'))
        {
            var name = value[range].Trim();
            if (name.IsEmpty)
            {
                names = [];
                return false;
            }

            list.Add(AsciiLower(name.ToString()));
        }

        names = [.. list];
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>URL-decodes with '+' as space; malformed '%' escapes are kept literally.</summary>
    private static string UrlDecode(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('%', '+') < 0)
        {
            return text.ToString();
        }

        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            length = PercentDecodeInPlace(buffer[..length], plusAsSpace: true);
            return Encoding.UTF8.GetString(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes %XY escapes in place (output never longer than input); returns the new length.</summary>
    private static int PercentDecodeInPlace(Span<byte> bytes, bool plusAsSpace)
    {
        var write = 0;
        for (var read = 0; read < bytes.Length; read++)
        {
            var b = bytes[read];
            if (b == '%' && read + 2 < bytes.Length)
            {
                var hi = HexValue(bytes[read + 1]);
                var lo = HexValue(bytes[read + 2]);
                if (hi >= 0 && lo >= 0)
                {
                    bytes[write++] = (byte)((hi << 4) | lo);
                    read += 2;
                    continue;
                }
            }

            bytes[write++] = plusAsSpace && b == '+' ? (byte)' ' : b;
        }

        return write;
    }

    private static void AppendRfc3986(StringBuilder sb, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (IsUnreserved((byte)c))
                {
                    sb.Append(c);
                }
                else
                {
                    AppendPercent(sb, (byte)c);
                }

                i++;
                continue;
            }

            // Unpaired surrogates come back as U+FFFD, matching what Encoding.UTF8 would produce.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            var count = rune.EncodeToUtf8(utf8);
            for (var j = 0; j < count; j++)
            {
                AppendPercent(sb, utf8[j]);
            }

            i += consumed;
        }
    }

    private static void AppendPercent(StringBuilder sb, byte b) =>
        sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);

    private static bool IsUnreserved(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b == '-' || b == '_' || b == '.' || b == '~';

    private static bool IsAllUnreservedOrSlash(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x80 || (c != '/' && !IsUnreserved((byte)c)))
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };

    /// <summary>ASCII-only lower-casing (header names are ASCII tokens); returns the same instance when unchanged.</summary>
    private static string AsciiLower(string text)
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
