using System.Globalization;
using System.Text;

namespace DbLogs.Bench.Search;

/// <summary>One search: a window, and the user and keywords (space-separated) when it filters by them.</summary>
internal sealed record SearchFilter(DateTimeOffset Start, DateTimeOffset End, string? User, string? Keyword)
{
    public string Path(int limit)
    {
        var path = new StringBuilder($"dblogs/v1/{BenchService.ProjectId}/instances/{SearchShape.InstanceId}/audit-records")
            .Append(CultureInfo.InvariantCulture, $"?start_time={Time(Start)}&end_time={Time(End)}&limit={limit}");
        if (User is not null)
        {
            path.Append("&user=").Append(Uri.EscapeDataString(User));
        }

        if (Keyword is not null)
        {
            path.Append("&keyword=").Append(Uri.EscapeDataString(Keyword));
        }

        return path.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "%2B0000";
}

/// <summary>A row of the table: <paramref name="Next"/> draws its searches, all different, from a seeded random.</summary>
internal sealed record SearchCase(string Name, double TargetP99Ms, Func<Random, SearchFilter> Next);

/// <summary>
/// The searches timed: who touched a table (a table name and a user over 30 days), an hour of a node's activity with and
/// without a table name, a rare literal (a customer's e-mail) over 30 days, and a common SQL word over 30 days (the worst case:
/// most records match, and the total counts them all).
/// </summary>
internal static class SearchQueries
{
    private static readonly string[] CommonWords = ["select", "where", "update", "insert", "from"];

    public static SearchCase[] All() =>
    [
        new("30 days, keyword (table) + user", 200, r => Days30(Table(r), SearchShape.User(r.Next(SearchShape.Users)))),
        new("1 hour, no filter", 20, r => Hour(r, null)),
        new("1 hour, keyword (table)", 20, r => Hour(r, Table(r))),
        new("30 days, keyword (e-mail, rare)", 200, r => Days30(SearchShape.Email(r.Next(1, SearchShape.Customers)), null)),
        new("30 days, keyword (common SQL word)", 200, r => Days30(CommonWords[r.Next(CommonWords.Length)], null)),
    ];

    private static string Table(Random r) => SearchShape.Tables[r.Next(SearchShape.Tables.Length)];

    private static SearchFilter Days30(string keyword, string? user) => new(SearchShape.End - SearchShape.Span, SearchShape.End, user, keyword);

    private static SearchFilter Hour(Random r, string? keyword)
    {
        var start = SearchShape.End - TimeSpan.FromHours(r.Next(1, (int)SearchShape.Span.TotalHours));
        return new(start, start.AddHours(1), null, keyword);
    }
}
