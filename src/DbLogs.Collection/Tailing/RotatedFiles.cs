using System.Globalization;

namespace DbLogs.Collection.Tailing;

/// <param name="Number">The rotation number (<c>.N</c> suffix); null for the live file.</param>
internal readonly record struct RotatedFile(string Path, int? Number, bool Compressed)
{
    public bool IsLive => Number is null;
}

/// <summary>
/// Finds a source's files: the live file and its rotated siblings <c>{name}.N</c> / <c>{name}.N.gz</c> in the same
/// directory (N digits, maybe zero-padded as MariaDB's <c>.01</c>), oldest first: highest N first, the live file last.
/// </summary>
internal static class RotatedFiles
{
    private const int MaxDigits = 9;

    public static List<RotatedFile> Discover(string livePath)
    {
        var directory = Path.GetDirectoryName(livePath);
        directory = string.IsNullOrEmpty(directory) ? "." : directory;
        var name = Path.GetFileName(livePath);
        var found = new List<RotatedFile>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var fileName = Path.GetFileName(path.AsSpan());
                if (fileName.SequenceEqual(name))
                {
                    found.Add(new RotatedFile(livePath, null, false));
                }
                else if (fileName.StartsWith(name, StringComparison.Ordinal) &&
                         TryParseSuffix(fileName[name.Length..], out var number, out var compressed))
                {
                    found.Add(new RotatedFile(path, number, compressed));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        // logrotate writes .N.gz next to .N and deletes .N once done: until then the .gz may be incomplete.
        found.RemoveAll(f => f.Compressed && found.Exists(p => !p.Compressed && p.Number == f.Number));
        found.Sort(Compare);
        return found;
    }

    private static bool TryParseSuffix(ReadOnlySpan<char> suffix, out int number, out bool compressed)
    {
        number = 0;
        compressed = false;
        if (suffix.Length < 2 || suffix[0] != '.')
        {
            return false;
        }

        var digits = suffix[1..];
        compressed = digits.EndsWith(".gz", StringComparison.Ordinal);
        if (compressed)
        {
            digits = digits[..^3];
        }

        if (digits.Length is 0 or > MaxDigits)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        number = int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }

    private static int Compare(RotatedFile a, RotatedFile b)
    {
        var byNumber = (b.Number ?? -1).CompareTo(a.Number ?? -1);
        return byNumber != 0 ? byNumber
            : a.Compressed != b.Compressed ? a.Compressed.CompareTo(b.Compressed)
            : string.CompareOrdinal(a.Path, b.Path);
    }
}
