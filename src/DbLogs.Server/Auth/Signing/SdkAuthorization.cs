namespace DbLogs.Server.Auth.Signing;

/// <summary>
/// The parts of an <c>Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…</c> header.
/// </summary>
/// <param name="AccessKey">The AK, as sent.</param>
/// <param name="SignedHeaders">Signed header names, lower-cased, in the order sent.</param>
/// <param name="Signature">The hex signature, as sent.</param>
public readonly record struct SdkAuthorization(string AccessKey, IReadOnlyList<string> SignedHeaders, string Signature)
{
    /// <summary>
    /// Parses <c>SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex</c>: the three parts in any
    /// order, spaces tolerated around separators; each part exactly once, nothing else.
    /// </summary>
    public static bool TryParse(string? header, out SdkAuthorization authorization)
    {
        authorization = default;
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith(SdkSignature.Algorithm, StringComparison.Ordinal))
        {
            return false;
        }

        text = text[SdkSignature.Algorithm.Length..];
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

            list.Add(CanonicalRequest.AsciiLower(name.ToString()));
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
}
