namespace DbLogs.Processing.Streams;

/// <summary>
/// Reads one log stream line by line and says where records start and what time a line carries. Stateful
/// (a MariaDB slow-log record starts at <c># Time:</c> or, when that line is absent, at <c># User@Host:</c>),
/// so use one instance per stream, in order. Create with <see cref="RecordClassifiers.Create"/>.
/// </summary>
public interface IRecordClassifier
{
    /// <param name="line">One line without its terminating '\n' (a trailing '\r' may be present).</param>
    LineInfo Next(ReadOnlySpan<byte> line);
}

/// <param name="StartsRecord">The line begins a new record; lines that do not (crash reports, continuation lines,
/// statement lines) belong to the record before them.</param>
/// <param name="Time">The instant the line carries, converted from the node's zone to UTC; null when it carries none.</param>
public readonly record struct LineInfo(bool StartsRecord, DateTimeOffset? Time);
