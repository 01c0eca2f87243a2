using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace DbLogs.Server.WebConsole;

/// <summary>Page <c>page</c> (from 1) of a list, and links that keep the rest of the query.</summary>
public sealed record Pager(int Number, int Size, long Total, HttpRequest Request)
{
    public const int DefaultSize = 50;

    public static int NumberFrom(HttpRequest request) =>
        int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100_000 ? n : 1;

    public static Core.Paging.Page PageOf(HttpRequest request, int size = DefaultSize) => new((NumberFrom(request) - 1) * size, size);

    public long Pages => Math.Max(1, (Total + Size - 1) / Size);

    public string? Previous => Number > 1 ? Link(Request, "page", (Number - 1).ToString(CultureInfo.InvariantCulture)) : null;

    public string? Next => Number < Pages ? Link(Request, "page", (Number + 1).ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>This page's URL with <paramref name="key"/> set to <paramref name="value"/> (and back on the first page when it is not the page).</summary>
    public static string Link(HttpRequest request, string key, string value, params string[] moreKeyValues)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var set = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value };
        for (var i = 0; i + 1 < moreKeyValues.Length; i += 2)
        {
            set[moreKeyValues[i]] = moreKeyValues[i + 1];
        }

        var pairs = query.Where(p => !set.ContainsKey(p.Key) && (key == "page" || p.Key != "page") && p.Key != "handler")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Concat(set.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        return QueryHelpers.AddQueryString(request.Path, pairs);
    }
}
