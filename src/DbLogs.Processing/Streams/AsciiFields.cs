namespace DbLogs.Processing.Streams;

/// <summary>Allocation-free reading of ASCII numbers and names from log bytes.</summary>
internal static class AsciiFields
{
    public static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start < 0 || start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    /// <summary>Two digits, the first of which may be a space (MariaDB pads hours with a space).</summary>
    public static bool TrySpacePaddedTwo(ReadOnlySpan<byte> s, int start, out int value)
    {
        value = 0;
        if (start + 2 > s.Length)
        {
            return false;
        }

        if (s[start] == (byte)' ')
        {
            return TryDigits(s, start + 1, 1, out value);
        }

        return TryDigits(s, start, 2, out value);
    }

    private static ReadOnlySpan<byte> Months => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    public static bool TryMonth(ReadOnlySpan<byte> s, int start, out int month)
    {
        month = 0;
        if (start + 3 > s.Length)
        {
            return false;
        }

        var name = s.Slice(start, 3);
        for (var m = 0; m < 12; m++)
        {
            if (name.SequenceEqual(Months.Slice(m * 3, 3)))
            {
                month = m + 1;
                return true;
            }
        }

        return false;
    }
}
