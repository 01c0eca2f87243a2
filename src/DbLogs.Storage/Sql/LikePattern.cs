namespace DbLogs.Storage.Sql;

/// <summary>A keyword as a LIKE pattern's literal part, with <c>\</c> as the escape character: every character matches itself.</summary>
internal static class LikePattern
{
    public static string Escape(string keyword) => keyword
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);
}
