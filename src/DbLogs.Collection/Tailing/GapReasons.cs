namespace DbLogs.Collection.Tailing;

/// <summary>The <see cref="GapRecord.Reason"/> values the tailer reports.</summary>
public static class GapReasons
{
    /// <summary>The live file was truncated in place before its end was read.</summary>
    public const string Copytruncate = "copytruncate";

    /// <summary>A file was deleted or overwritten by a rotation before the agent read it to its end.</summary>
    public const string RotatedAway = "rotated away before read";

    /// <summary>A rotated file ended before its known size, or its compressed form could not be decompressed.</summary>
    public const string Unreadable = "unreadable";
}
