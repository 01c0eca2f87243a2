using System.Globalization;
using System.Net;

namespace DbLogs.Tests.Api.Dcs;

/// <summary>
/// The bad-input table of the DCS routes: for each query parameter, a value (named, so test names stay short)
/// and the exact answer. Rows name a value by key: a key of <see cref="Values"/>, <c>missing</c>, <c>repeated</c>,
/// or <c>=literal</c>.
/// </summary>
public static class DcsBadInput
{
    /// <summary>2026-03-10T00:00:00Z and one hour later, in Unix milliseconds.</summary>
    public const long Start = 1773100800000;
    public const long End = Start + 3_600_000;

    /// <summary>The last millisecond a <see cref="DateTimeOffset"/> can hold, 9999-12-31T23:59:59.999Z.</summary>
    public const long MaxMs = 253402300799999;

    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["empty"] = string.Empty,
        ["abc"] = "abc",
        ["1.5"] = "1.5",
        ["-1"] = "-1",
        ["2^63"] = "9223372036854775808",
        ["arabic-indic 123"] = "١٢٣",
        ["e-acute"] = "é",
        ["sql"] = "' OR 1=1",
        ["dot-dot-slash"] = "../",
        ["nul"] = "\0",
        ["10k letters"] = new string('a', 10_000),
        ["10k digits"] = new string('7', 10_000),
        ["128 letters"] = new string('r', 128),
        ["129 letters"] = new string('r', 129),
        ["leading space"] = " 1",
        ["plus sign"] = "+1",
        ["exponent"] = "1e3",
        ["hex"] = "0x1",
        ["thousands"] = "1,000",
    };

    /// <summary>Values every parameter must reject, whatever its type.</summary>
    public static readonly string[] Garbage =
        ["empty", "abc", "1.5", "-1", "2^63", "arabic-indic 123", "e-acute", "sql", "dot-dot-slash", "nul", "10k letters", "10k digits", "repeated"];

    /// <summary>The valid query each route's rows start from (the SDK's declaration order).</summary>
    public static (string Name, string Value)[] BaseQuery(string route) => route switch
    {
        "ListRedislog" => [("offset", "0"), ("limit", "10"), ("log_type", "run")],
        "CreateRedislog" => [("query_time", "0"), ("log_type", "run"), ("replication_id", "r00")],
        "ListSlowlog" =>
        [
            ("offset", "0"), ("limit", "10"), ("sort_key", "start_time"), ("sort_dir", "desc"),
            ("start_time", Ms(Start)), ("end_time", Ms(End)), ("role", "server"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>Two valid values, sent together for the <c>repeated</c> rows.</summary>
    public static (string First, string Second) RepeatedValues(string parameter) => parameter switch
    {
        "offset" => ("1", "2"),
        "limit" => ("1", "2"),
        "query_time" => ("1", "3"),
        "log_type" => ("run", "run"),
        "replication_id" => ("r00", "r00"),
        "sort_key" => ("start_time", "duration"),
        "sort_dir" => ("asc", "desc"),
        "start_time" => (Ms(Start), Ms(Start + 1)),
        "end_time" => (Ms(End), Ms(End + 1)),
        "role" => ("server", "proxy"),
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
    };

    /// <summary>The status of a valid request to the route on an instance without logs.</summary>
    public static HttpStatusCode Accepted(string route) => route == "ListSlowlog" ? HttpStatusCode.OK : HttpStatusCode.NoContent;

    /// <summary>Rows (route, parameter, value key, status, error code or null when accepted) for one route.</summary>
    public static TheoryData<string, string, string, int, string?> Rows(string route)
    {
        var data = new TheoryData<string, string, string, int, string?>();
        var ok = (int)Accepted(route);
        void Add(string parameter, string value, int status, string? code = null) => data.Add(route, parameter, value, status, code);
        void Bad(string parameter, params string[] values)
        {
            foreach (var value in values)
            {
                Add(parameter, value, 400, "DCS.4800");
            }
        }

        void Ok(string parameter, params string[] values)
        {
            foreach (var value in values)
            {
                Add(parameter, value, ok);
            }
        }

        var parameters = route switch
        {
            "ListRedislog" => new[] { "offset", "limit", "log_type", "replication_id" },
            "CreateRedislog" => ["query_time", "log_type", "replication_id"],
            _ => ["offset", "limit", "sort_key", "sort_dir", "start_time", "end_time", "role"],
        };
        foreach (var parameter in parameters)
        {
            if (parameter != "replication_id")
            {
                Bad(parameter, Garbage);
            }

            switch (parameter)
            {
                case "offset":
                    Ok(parameter, "missing", "=0", "=00", "=1", "=2147483647");
                    Bad(parameter, "=2147483648", "leading space", "plus sign", "exponent", "hex", "thousands");
                    break;
                case "limit":
                    Ok(parameter, "missing", "=1", "=1000", "=0010");
                    Bad(parameter, "=0", "=1001", "=2147483648", "leading space", "plus sign", "exponent", "hex");
                    break;
                case "query_time":
                    Ok(parameter, "missing", "=0", "=1", "=3", "=7");
                    Bad(parameter, "=2", "=4", "=5", "=6", "=8", "=2147483648", "plus sign");
                    break;
                case "log_type":
                    Ok(parameter, "=RUN");
                    Bad(parameter, "missing", "=slow", "=run ", "= run", "=run,slow", "=runs");
                    break;
                case "replication_id":
                    Ok(parameter, "missing", "=r00");
                    Bad(parameter, "empty", "10k letters", "10k digits", "129 letters", "repeated");
                    // Well-formed but no replica of the instance: the contract's DCS.3053 (spec/dcs-v2-logs.md, Errors) on both routes.
                    foreach (var unknown in new[] { "abc", "1.5", "-1", "2^63", "arabic-indic 123", "e-acute", "sql", "dot-dot-slash", "nul", "128 letters", "=R00" })
                    {
                        Add(parameter, unknown, 400, "DCS.3053");
                    }

                    break;
                case "sort_key":
                    Ok(parameter, "missing", "=start_time", "=duration", "=DURATION");
                    Bad(parameter, "=id", "=start_time ", "=command");
                    break;
                case "sort_dir":
                    Ok(parameter, "missing", "=asc", "=desc", "=ASC");
                    Bad(parameter, "=ascending", "=up", "=1");
                    break;
                case "start_time":
                    Ok(parameter, "=0", "=" + Ms(End - 1));
                    Bad(parameter, "missing", "=253402300800000", "=" + Ms(Start) + ".0", "=2026-03-10T00:00:00Z", "leading space", "plus sign", "exponent");
                    Add(parameter, "=" + Ms(End), 400, "DCS.4025");
                    Add(parameter, "=" + Ms(End + 1), 400, "DCS.4025");
                    break;
                case "end_time":
                    Ok(parameter, "=" + Ms(Start + 1), "=" + MaxMs.ToString(CultureInfo.InvariantCulture));
                    Bad(parameter, "missing", "=253402300800000", "=2026-03-10T01:00:00Z", "leading space", "plus sign", "exponent");
                    Add(parameter, "=" + Ms(Start), 400, "DCS.4025");
                    Add(parameter, "=" + Ms(Start - 1), 400, "DCS.4025");
                    Add(parameter, "=0", 400, "DCS.4025");
                    break;
                case "role":
                    Ok(parameter, "missing", "=proxy", "=server", "=Proxy");
                    Bad(parameter, "=master", "=replica", "=proxy,server");
                    break;
            }
        }

        return data;
    }

    /// <summary>The route's base query with <paramref name="parameter"/> set to the value named by <paramref name="valueKey"/>.</summary>
    public static string BuildQuery(string route, string parameter, string valueKey)
    {
        var pairs = BaseQuery(route).Where(p => p.Name != parameter).ToList();
        switch (valueKey)
        {
            case "missing":
                break;
            case "repeated":
                var (first, second) = RepeatedValues(parameter);
                pairs.Add((parameter, first));
                pairs.Add((parameter, second));
                break;
            default:
                pairs.Add((parameter, valueKey.StartsWith('=') ? valueKey[1..] : Values[valueKey]));
                break;
        }

        return DcsPaths.Query([.. pairs]);
    }

    public static string Message(string parameter, string code) => code switch
    {
        "DCS.4800" => DcsAssert.InvalidParameter(parameter),
        "DCS.4025" => DcsAssert.EndBeforeStart,
        "DCS.3053" => DcsAssert.IncorrectNodeId,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture);
}
