using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DbLogs.Server.Auth.Signing;

/// <summary>
/// Huawei Cloud API Gateway <c>SDK-HMAC-SHA256</c> request signature (see docs: spec/auth.md): the string to sign
/// over a <see cref="CanonicalRequest"/>, its HMAC, and the comparison that verifies it. Pure functions.
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
}
