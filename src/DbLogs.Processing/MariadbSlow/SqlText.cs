using System.Text;

namespace DbLogs.Processing.MariadbSlow;

/// <summary>What the slow-log APIs show of a statement: literals replaced by <c>N</c>, whitespace collapsed, and its type.</summary>
public static class SqlText
{
    /// <summary>
    /// Quoted strings (<c>'…'</c>, <c>"…"</c>, with backslash escapes and doubled quotes) and numbers (<c>12</c>, <c>1.5e3</c>,
    /// <c>0x1F</c>) become <c>N</c>; identifiers (also <c>`quoted`</c> ones and names like <c>t1</c>) stay; runs of
    /// whitespace become one space; a trailing <c>;</c> goes. Equal samples are one group in the statistics.
    /// </summary>
    public static string Normalise(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var s = sql.AsSpan().Trim();
        var b = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                b.Append(' ');
            }
            else if (c is '\'' or '"')
            {
                i = SkipQuoted(s, i);
                b.Append('N');
            }
            else if (c == '`')
            {
                var end = SkipQuoted(s, i);
                b.Append(s[i..end]);
                i = end;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]) && !EndsWithWord(b)))
            {
                i = SkipNumber(s, i);
                b.Append('N');
            }
            else if (IsWordChar(c))
            {
                var start = i;
                while (i < s.Length && IsWordChar(s[i]))
                {
                    i++;
                }

                b.Append(s[start..i]);
            }
            else
            {
                b.Append(c);
                i++;
            }
        }

        while (b.Length > 0 && (b[^1] == ';' || b[^1] == ' '))
        {
            b.Length--;
        }

        return b.ToString();
    }

    /// <summary>The statement's first keyword in upper case (<c>SELECT</c>, <c>INSERT</c>, …), skipping comments and parentheses.</summary>
    public static string TypeOf(string sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var s = sample.AsSpan();
        while (true)
        {
            s = s.TrimStart().TrimStart('(').TrimStart();
            if (s.StartsWith("/*", StringComparison.Ordinal) && s.IndexOf("*/", StringComparison.Ordinal) is var end and >= 0)
            {
                s = s[(end + 2)..];
                continue;
            }

            break;
        }

        var length = 0;
        while (length < s.Length && char.IsAsciiLetter(s[length]))
        {
            length++;
        }

        return length == 0 ? "OTHER" : s[..length].ToString().ToUpperInvariant();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c > 0x7f;

    private static bool EndsWithWord(StringBuilder b) => b.Length > 0 && IsWordChar(b[^1]);

    /// <summary>The index after the closing quote (the end of the text when it is not closed).</summary>
    private static int SkipQuoted(ReadOnlySpan<char> s, int open)
    {
        var quote = s[open];
        var i = open + 1;
        while (i < s.Length)
        {
            if (s[i] == '\\' && quote != '`')
            {
                i += 2;
            }
            else if (s[i] == quote)
            {
                if (i + 1 < s.Length && s[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return s.Length;
    }

    private static int SkipNumber(ReadOnlySpan<char> s, int i)
    {
        if (s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X' or 'b' or 'B')
        {
            i += 2;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]))
            {
                i++;
            }

            return i;
        }

        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        if (i < s.Length && s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || (s[i + 1] is '+' or '-' && i + 2 < s.Length && char.IsAsciiDigit(s[i + 2]))))
        {
            i += 2;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        return i;
    }
}
