namespace DbLogs.Storage.Files;

/// <summary>The area and id names a collected file may have, in the data directory and in the blob store alike.</summary>
public static class CollectedFileNames
{
    public const string ManifestSuffix = ".ranges";

    // ".ranges" names are the store's own, like ".tmp": no id may point at one directly.
    public static bool IsSafe(string name) =>
        name.Length is > 0 and <= 128 && name != "." && name != ".." && !name.EndsWith(".tmp", StringComparison.Ordinal)
        && !name.EndsWith(ManifestSuffix, StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
