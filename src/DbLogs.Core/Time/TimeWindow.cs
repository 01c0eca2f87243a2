namespace DbLogs.Core.Time;

/// <summary>An inclusive time range asked for by a caller.</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End);
