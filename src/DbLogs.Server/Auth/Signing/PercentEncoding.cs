using System.Buffers;
using System.Text;

namespace DbLogs.Server.Auth.Signing;

/// <summary>Percent-encoding as the official signers do it: RFC 3986 unreserved characters, upper-case hex.</summary>
internal static class PercentEncoding
{
    private const int StackLimit = 512;
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>URL-decodes with '+' as space; malformed '%' escapes are kept literally.</summary>
    public static string UrlDecode(ReadOnlySpan<char> text)
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
            length = DecodeInPlace(buffer[..length], plusAsSpace: true);
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
    public static int DecodeInPlace(Span<byte> bytes, bool plusAsSpace)
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

    public static void AppendEncoded(StringBuilder sb, string text)
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

    public static void AppendPercent(StringBuilder sb, byte b) =>
        sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);

    public static bool IsUnreserved(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b == '-' || b == '_' || b == '.' || b == '~';

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
