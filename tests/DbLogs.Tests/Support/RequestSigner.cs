using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DbLogs.Tests.Support;

/// <summary>
/// A client-side <c>SDK-HMAC-SHA256</c> signer written from spec/auth.md alone, so that signed tests check the service
/// against the specification and not against its own signing code. It signs what the official .NET SDK signs
/// (<c>host;x-project-id;x-sdk-date</c>, no port in <c>Host</c>, a raw <c>+</c> left as it is in the query);
/// <c>RequestSignerTests</c> checks it against the published vectors.
/// </summary>
public static class RequestSigner
{
    public const string Algorithm = "SDK-HMAC-SHA256";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Signs <paramref name="request"/> (a relative target, sent raw) over <paramref name="body"/>, as the .NET SDK does.</summary>
    public static void Sign(HttpRequestMessage request, string ak, string sk, string projectId, DateTimeOffset now, string body) =>
        Sign(request, ak, sk, now, Sha256Hex(body), ("x-project-id", projectId));

    /// <summary>
    /// Signs <paramref name="request"/> with <c>Host: localhost</c>, <c>X-Sdk-Date</c> and <paramref name="headers"/> (added to the
    /// request and signed), over the payload line <paramref name="payloadHash"/>.
    /// </summary>
    public static void Sign(HttpRequestMessage request, string ak, string sk, DateTimeOffset now, string payloadHash,
        params (string Name, string Value)[] headers)
    {
        var date = SdkDate(now);
        request.Headers.Host = "localhost";
        request.Headers.Add("X-Sdk-Date", date);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        (string Name, string Value)[] all = [.. headers, ("host", "localhost"), ("x-sdk-date", date)];
        var signed = all.Select(h => (Name: h.Name.ToLowerInvariant(), h.Value)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var target = request.RequestUri!.OriginalString;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var signature = Signature(sk, date, request.Method.Method, query < 0 ? target : target[..query], query < 0 ? string.Empty : target[(query + 1)..],
            signed, payloadHash);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Access={ak}, SignedHeaders={string.Join(';', signed.Select(h => h.Name))}, Signature={signature}");
    }

    /// <summary>The signature of one request: <paramref name="signedHeaders"/> are lower-case names in signing order.</summary>
    public static string Signature(string sk, string sdkDate, string method, string rawPath, string rawQuery,
        IReadOnlyList<(string Name, string Value)> signedHeaders, string payloadHash)
    {
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalUri(rawPath)).Append('\n')
            .Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in signedHeaders)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', signedHeaders.Select(h => h.Name))).Append('\n').Append(payloadHash);
        var stringToSign = $"{Algorithm}\n{sdkDate}\n{Sha256Hex(canonical.ToString())}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sk), Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string SdkDate(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The raw path percent-decoded, each segment encoded again, ending in <c>/</c>.</summary>
    private static string CanonicalUri(string rawPath)
    {
        var path = string.Join('/', Uri.UnescapeDataString(rawPath).Split('/').Select(Encode));
        return path.EndsWith('/') ? path : path + "/";
    }

    /// <summary>Pairs split on <c>&amp;</c> and the first <c>=</c>, decoded with <c>+</c> as a space, sorted by name then value, encoded.</summary>
    private static string CanonicalQuery(string rawQuery) => rawQuery.Length == 0
        ? string.Empty
        : string.Join('&', rawQuery.Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: FormDecode(parts[0]), Value: parts.Length == 2 ? FormDecode(parts[1]) : string.Empty))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Encode(p.Name) + "=" + Encode(p.Value)));

    private static string FormDecode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>RFC 3986: <c>A-Za-z0-9-_.~</c> as they are, every other UTF-8 byte as <c>%XY</c>.</summary>
    private static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
