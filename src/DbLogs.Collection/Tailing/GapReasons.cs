using DbLogs.Core.Logs;

namespace DbLogs.Collection.Tailing;

/// <summary>The <see cref="SourceGap.Reason"/> values the tailer reports.</summary>
public static class GapReasons
{
    /// <summary>The live file was truncated in place before its end was read.</summary>
    public const string Copytruncate = "copytruncate";

    /// <summary>
    /// A copytruncate rotation happened: whatever was written between the copy and the truncate is lost and cannot be
    /// measured, so this gap is reported with 0 bytes to say that it happened at all.
    /// </summary>
    public const string CopytruncateBlindSpot = "copytruncate: bytes written between copy and truncate cannot be measured";

    /// <summary>A file was deleted or overwritten by a rotation before the agent read it to its end.</summary>
    public const string RotatedAway = "rotated away before read";

    /// <summary>A rotated file ended before its known size, or its compressed form could not be decompressed.</summary>
    public const string Unreadable = "unreadable";
}
