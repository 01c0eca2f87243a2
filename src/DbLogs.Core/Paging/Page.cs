namespace DbLogs.Core.Paging;

/// <summary>A window over a sorted result: skip <see cref="Offset"/> records, return at most <see cref="Limit"/>.</summary>
public readonly record struct Page(int Offset, int Limit);

/// <summary>One page of results and the number of records that matched in all.</summary>
public sealed record PagedResult<T>(long Total, IReadOnlyList<T> Items);
