using System.Buffers.Text;
using System.Text;

namespace DbLogs.Collection.Redis;

/// <summary>
/// Parses one RESP2 reply from the start of a buffer. Returns false when the buffer holds only part of it (the caller
/// reads more and calls again from the same start); throws <see cref="RespProtocolException"/> on bytes that are
/// not RESP2 or that exceed the limits.
/// </summary>
public static class RespParser
{
    public const int MaxDepth = 16;
    public const int MaxBulkBytes = 64 << 20;
    public const int MaxArrayItems = 1 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static bool TryParse(ReadOnlySpan<byte> buffer, out RespValue? value, out int consumed)
    {
        consumed = 0;
        return TryParse(buffer, ref consumed, 0, out value);
    }

    private static bool TryParse(ReadOnlySpan<byte> buffer, ref int position, int depth, out RespValue? value)
    {
        value = null;
        var start = position;
        if (!TryReadLine(buffer, ref position, out var line))
        {
            position = start;
            return false;
        }

        if (line.Length == 0)
        {
            throw new RespProtocolException("Empty reply line.");
        }

        var payload = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                value = RespValue.Simple(Utf8.GetString(payload));
                return true;
            case (byte)'-':
                value = RespValue.Error(Utf8.GetString(payload));
                return true;
            case (byte)':':
                value = RespValue.Number(ParseInteger(payload));
                return true;
            case (byte)'$':
                return TryParseBulk(buffer, ref position, start, ParseInteger(payload), out value);
            case (byte)'*':
                return TryParseArray(buffer, ref position, start, depth, ParseInteger(payload), out value);
            default:
                throw new RespProtocolException($"Unknown reply type byte 0x{line[0]:x2}.");
        }
    }

    private static bool TryParseBulk(ReadOnlySpan<byte> buffer, ref int position, int start, long length, out RespValue? value)
    {
        value = null;
        if (length == -1)
        {
            value = RespValue.NullValue;
            return true;
        }

        if (length is < 0 or > MaxBulkBytes)
        {
            throw new RespProtocolException($"Bulk string length {length} is out of range.");
        }

        if (buffer.Length - position < length + 2)
        {
            position = start;
            return false;
        }

        var content = buffer.Slice(position, (int)length);
        if (buffer[position + (int)length] != '\r' || buffer[position + (int)length + 1] != '\n')
        {
            throw new RespProtocolException("Bulk string is not followed by CRLF.");
        }

        position += (int)length + 2;
        value = RespValue.Bulk(Utf8.GetString(content));
        return true;
    }

    private static bool TryParseArray(ReadOnlySpan<byte> buffer, ref int position, int start, int depth, long count, out RespValue? value)
    {
        value = null;
        if (count == -1)
        {
            value = RespValue.NullValue;
            return true;
        }

        if (count is < 0 or > MaxArrayItems)
        {
            throw new RespProtocolException($"Array length {count} is out of range.");
        }

        if (depth >= MaxDepth)
        {
            throw new RespProtocolException($"Arrays nest deeper than {MaxDepth}.");
        }

        var items = new RespValue[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryParse(buffer, ref position, depth + 1, out var item))
            {
                position = start;
                return false;
            }

            items[i] = item!;
        }

        value = RespValue.Array(items);
        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> buffer, ref int position, out ReadOnlySpan<byte> line)
    {
        var rest = buffer[position..];
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            if (rest.Length > 4096)
            {
                throw new RespProtocolException("Reply line longer than 4096 bytes without CRLF.");
            }

            line = default;
            return false;
        }

        line = rest[..end];
        position += end + 2;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> digits)
    {
        if (!Utf8Parser.TryParse(digits, out long number, out var used) || used != digits.Length)
        {
            throw new RespProtocolException($"\"{Encoding.ASCII.GetString(digits)}\" is not an integer.");
        }

        return number;
    }
}
