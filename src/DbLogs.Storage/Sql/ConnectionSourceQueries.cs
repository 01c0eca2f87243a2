using Dapper;
using DbLogs.Core.Paging;

namespace DbLogs.Storage.Sql;

/// <summary>One statement on a connection of its own: the shape of most store methods.</summary>
internal static class ConnectionSourceQueries
{
    public static async Task<IReadOnlyList<TModel>> ListAsync<TRow, TModel>(this IConnectionSource db, string sql, object? args,
        Func<TRow, TModel> map, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<TRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return [.. rows.Select(map)];
    }

    public static async Task<TModel?> SingleAsync<TRow, TModel>(this IConnectionSource db, string sql, object? args, Func<TRow, TModel> map,
        CancellationToken ct) where TModel : class
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return row is null ? null : map(row);
    }

    public static async Task<T?> ScalarAsync<T>(this IConnectionSource db, string sql, object? args, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    public static async Task<int> RunAsync(this IConnectionSource db, string sql, object? args, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    /// <summary>Two statements in one round trip: the total (one number), then the page's rows.</summary>
    public static async Task<PagedResult<TModel>> PageAsync<TRow, TModel>(this IConnectionSource db, string sql, object? args, Func<TRow, TModel> map,
        CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        using var results = await c.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<TRow>();
        return new(total, [.. rows.Select(map)]);
    }
}
