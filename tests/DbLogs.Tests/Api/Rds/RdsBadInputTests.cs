namespace DbLogs.Tests.Api.Rds;

/// <summary>
/// Bad values of every query parameter of the RDS log routes. Each row changes one parameter of an otherwise valid
/// request and names the exact answer; none may be a 500.
/// </summary>
public static class RdsBadQuery
{
    public const string OutOfRange = "DBS.200461";
    public const string ParameterError = "DBS.200001";

    public static readonly string TenThousand = new('x', 10_000);
    public static readonly string TenThousandDigits = new('9', 10_000);
    public const string TwoPow63 = "9223372036854775808";
    public const string Unicode = "%E2%91%A0%E5%8D%81"; // ①十
    public const string FullwidthOne = "%EF%BC%91"; // １
    public const string SqlInjection = "%27%20OR%201%3D1"; // ' OR 1=1
    public const string DotDot = "..%2F..%2Fetc%2Fpasswd";

    private const string Start = "2019-11-06T09:00:00%2B0800";
    private const string End = "2019-11-07T09:00:00%2B0800";

    public static readonly (string Name, string Value)[] Auditlog =
        [("start_time", Start), ("end_time", End), ("offset", "0"), ("limit", "10")];

    public static readonly (string Name, string Value)[] Errorlog =
        [("start_date", Start), ("end_date", End), ("offset", "1"), ("limit", "10"), ("level", "ALL")];

    public static readonly (string Name, string Value)[] Slowlog =
        [("start_date", Start), ("end_date", End), ("offset", "1"), ("limit", "10"), ("type", "SELECT")];

    public static readonly (string Name, string Value)[] Statistics =
        [("cur_page", "1"), ("per_page", "10"), ("start_date", Start), ("end_date", End), ("type", "SELECT"), ("sort", "executeTime")];

    /// <summary>The route's valid query with <paramref name="name"/> replaced by <paramref name="value"/> (null: left out).</summary>
    public static string With(string route, (string Name, string Value)[] query, string name, string? value)
    {
        var parts = new List<string>();
        foreach (var (n, v) in query)
        {
            if (n != name)
            {
                parts.Add($"{n}={v}");
            }
            else if (value is not null)
            {
                parts.Add($"{n}={value}");
            }
        }

        return route + "?" + string.Join('&', parts);
    }

    /// <summary>The route's valid query with <paramref name="name"/> given twice, both times validly.</summary>
    public static string Twice(string route, (string Name, string Value)[] query, string name)
    {
        var value = query.Single(p => p.Name == name).Value;
        return With(route, query, name, value) + $"&{name}={value}";
    }

    /// <summary>Rows for a required RDS time: every bad value is a parameter error.</summary>
    private static IEnumerable<(string, int, string)> TimeRows(string route, (string Name, string Value)[] query, string name) =>
    [
        (With(route, query, name, null), 400, ParameterError),
        (With(route, query, name, ""), 400, ParameterError),
        (With(route, query, name, "yesterday"), 400, ParameterError),
        (With(route, query, name, "1573002000000"), 400, ParameterError),
        (With(route, query, name, "-1"), 400, ParameterError),
        (With(route, query, name, TwoPow63), 400, ParameterError),
        (With(route, query, name, "2019-11-06T25:00:00%2B0800"), 400, ParameterError),
        (With(route, query, name, "2019-02-29T09:00:00%2B0800"), 400, ParameterError),
        (With(route, query, name, "9999-12-31T23:59:59-1400"), 400, ParameterError),
        (With(route, query, name, "0001-01-01T00:00:00%2B1400"), 400, ParameterError),
        (With(route, query, name, "%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%99-11-06T09:00:00Z"), 400, ParameterError),
        (With(route, query, name, Unicode), 400, ParameterError),
        (With(route, query, name, SqlInjection), 400, ParameterError),
        (With(route, query, name, DotDot), 400, ParameterError),
        (With(route, query, name, TenThousand), 400, ParameterError),
        (With(route, query, name, "2019-11-06T09:00:00%2B0800" + TenThousand), 400, ParameterError),
        (Twice(route, query, name), 400, ParameterError),
    ];

    /// <summary>Rows for an optional integer; <paramref name="outOfRange"/> are well-formed values outside its range.</summary>
    private static IEnumerable<(string, int, string)> IntRows(string route, (string Name, string Value)[] query, string name,
        params string[] outOfRange) =>
    [
        (With(route, query, name, null), 200, ""),
        (With(route, query, name, ""), 400, ParameterError),
        (With(route, query, name, "abc"), 400, ParameterError),
        (With(route, query, name, "1.5"), 400, ParameterError),
        (With(route, query, name, "1e1"), 400, ParameterError),
        (With(route, query, name, "0x10"), 400, ParameterError),
        (With(route, query, name, "%201"), 400, ParameterError),
        (With(route, query, name, "1+"), 400, ParameterError),
        (With(route, query, name, TwoPow63), 400, OutOfRange),
        (With(route, query, name, "2147483648"), 400, OutOfRange),
        (With(route, query, name, TenThousandDigits), 400, OutOfRange),
        .. outOfRange.Select(v => (With(route, query, name, v), 400, OutOfRange)),
        (With(route, query, name, FullwidthOne), 400, ParameterError),
        (With(route, query, name, Unicode), 400, ParameterError),
        (With(route, query, name, SqlInjection), 400, ParameterError),
        (With(route, query, name, DotDot), 400, ParameterError),
        (With(route, query, name, TenThousand), 400, ParameterError),
        (Twice(route, query, name), 400, ParameterError),
    ];

    /// <summary>Rows for an optional choice among names; blank means the default.</summary>
    private static IEnumerable<(string, int, string)> ChoiceRows(string route, (string Name, string Value)[] query, string name) =>
    [
        (With(route, query, name, null), 200, ""),
        (With(route, query, name, ""), 200, ""),
        (With(route, query, name, "%20"), 200, ""),
        (With(route, query, name, "NOPE"), 400, ParameterError),
        (With(route, query, name, "1"), 400, ParameterError),
        (With(route, query, name, "-1"), 400, ParameterError),
        (With(route, query, name, TwoPow63), 400, ParameterError),
        (With(route, query, name, Unicode), 400, ParameterError),
        (With(route, query, name, SqlInjection), 400, ParameterError),
        (With(route, query, name, DotDot), 400, ParameterError),
        (With(route, query, name, TenThousand), 400, ParameterError),
        (Twice(route, query, name), 400, ParameterError),
    ];

    private static TheoryData<string, int, string> Data(IEnumerable<(string, int, string)> rows)
    {
        var data = new TheoryData<string, int, string>();
        foreach (var (query, status, code) in rows)
        {
            data.Add(query, status, code);
        }

        return data;
    }

    public static TheoryData<string, int, string> AuditlogRows => Data(
    [
        .. TimeRows("/auditlog", Auditlog, "start_time"),
        .. TimeRows("/auditlog", Auditlog, "end_time"),
        .. IntRows("/auditlog", Auditlog, "offset"),
        .. IntRows("/auditlog", Auditlog, "limit", "0", "51", "1000"),
    ]);

    public static TheoryData<string, int, string> ErrorlogRows => Data(
    [
        .. TimeRows("/errorlog", Errorlog, "start_date"),
        .. TimeRows("/errorlog", Errorlog, "end_date"),
        .. IntRows("/errorlog", Errorlog, "offset", "0"),
        .. IntRows("/errorlog", Errorlog, "limit", "0", "101"),
        .. ChoiceRows("/errorlog", Errorlog, "level"),
    ]);

    public static TheoryData<string, int, string> SlowlogRows => Data(
    [
        .. TimeRows("/slowlog", Slowlog, "start_date"),
        .. TimeRows("/slowlog", Slowlog, "end_date"),
        .. IntRows("/slowlog", Slowlog, "offset", "0", "201"),
        .. IntRows("/slowlog", Slowlog, "limit", "0", "101"),
        .. ChoiceRows("/slowlog", Slowlog, "type"),
    ]);

    public static TheoryData<string, int, string> StatisticsDateRows => Data(
    [
        .. TimeRows("/slowlog/statistics", Statistics, "start_date"),
        .. TimeRows("/slowlog/statistics", Statistics, "end_date"),
    ]);

    public static TheoryData<string, int, string> StatisticsRows => Data(
    [
        .. IntRows("/slowlog/statistics", Statistics, "cur_page", "0"),
        .. IntRows("/slowlog/statistics", Statistics, "per_page", "0", "101"),
        .. ChoiceRows("/slowlog/statistics", Statistics, "type"),
        .. ChoiceRows("/slowlog/statistics", Statistics, "sort"),
    ]);

    /// <summary>Negative integers: well-formed numbers below the range, which the family's rules call out of range.</summary>
    public static TheoryData<string, int, string> NegativeRows => Data(
    [
        (With("/auditlog", Auditlog, "offset", "-1"), 400, OutOfRange),
        (With("/auditlog", Auditlog, "limit", "-1"), 400, OutOfRange),
        (With("/errorlog", Errorlog, "offset", "-1"), 400, OutOfRange),
        (With("/errorlog", Errorlog, "limit", "-10"), 400, OutOfRange),
        (With("/slowlog", Slowlog, "offset", "-1"), 400, OutOfRange),
        (With("/slowlog", Slowlog, "limit", "-1"), 400, OutOfRange),
        (With("/slowlog/statistics", Statistics, "cur_page", "-1"), 400, OutOfRange),
        (With("/slowlog/statistics", Statistics, "per_page", "-" + TwoPow63), 400, OutOfRange),
    ]);

    /// <summary>Sends a statistics query with one statement in the window, so that the 200 rows are not empty pages (see SlowLogStatisticsTests).</summary>
    public static async Task StatisticsAsync(string relative, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();
        await f.Seeder.MysqlSlowAsync(f.Instance, RdsQuery.Utc(2019, 11, 6, 1, 0, 0), 1.5, "SELECT * FROM t WHERE id = N");

        await AssertAnswerAsync(await f.GetAsync(relative), status, code);
    }

    public static async Task AssertAnswerAsync(HttpResponseMessage response, int status, string code)
    {
        if (status == 200)
        {
            await RdsFixture.OkJsonAsync(response);
        }
        else
        {
            await RdsFixture.AssertErrorAsync(response, status, code);
        }
    }
}

public class RdsAuditlogBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.AuditlogRows), MemberType = typeof(RdsBadQuery))]
    public async Task Auditlog_query(string relative, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsBadQuery.AssertAnswerAsync(await f.GetAsync(relative), status, code);
    }
}

public class RdsErrorlogBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.ErrorlogRows), MemberType = typeof(RdsBadQuery))]
    public async Task Errorlog_query(string relative, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsBadQuery.AssertAnswerAsync(await f.GetAsync(relative), status, code);
    }
}

public class RdsSlowlogBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.SlowlogRows), MemberType = typeof(RdsBadQuery))]
    public async Task Slowlog_query(string relative, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsBadQuery.AssertAnswerAsync(await f.GetAsync(relative), status, code);
    }
}

public class RdsStatisticsDateBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.StatisticsDateRows), MemberType = typeof(RdsBadQuery))]
    public Task Statistics_dates(string relative, int status, string code) => RdsBadQuery.StatisticsAsync(relative, status, code);
}

public class RdsStatisticsBadInputTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.StatisticsRows), MemberType = typeof(RdsBadQuery))]
    public Task Statistics_query(string relative, int status, string code) => RdsBadQuery.StatisticsAsync(relative, status, code);
}

/// <summary>Negative integers on every paging parameter.</summary>
public class RdsNegativeIntegerTests
{
    [Theory]
    [MemberData(nameof(RdsBadQuery.NegativeRows), MemberType = typeof(RdsBadQuery))]
    public async Task Negative_integers_are_out_of_range(string relative, int status, string code)
    {
        await using var f = await RdsFixture.StartAsync();

        await RdsBadQuery.AssertAnswerAsync(await f.GetAsync(relative), status, code);
    }
}
