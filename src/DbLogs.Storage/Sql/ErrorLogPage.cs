namespace DbLogs.Storage.Sql;

/// <summary>The error log's list condition on either store.</summary>
internal static class ErrorLogPage
{
    private const string Window = "WHERE instance_id = @instanceId AND time BETWEEN @Start AND @End";

    /// <summary>The level as its own condition, not "@level IS NULL OR …": a level's pages are then read from its index in order.</summary>
    public static string Where(string? level) => level is null ? Window : Window + " AND level = @level";
}
