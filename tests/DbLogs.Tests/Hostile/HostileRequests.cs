using System.Text;

namespace DbLogs.Tests.Hostile;

/// <summary>The families of hostile input the fuzz test draws from: path segments, query values, bodies, headers.</summary>
internal static class HostileRequests
{
    public static readonly string[] Segments =
    [
        "..", ".", "%2E%2E", "%2e", ".%2E", "%00", "%zz", "%", "%C3%28", "%ED%A0%80", "%F0%9F%92%A9", "%FF%FE", "a%2Fb", "a%5Cb",
        "%20", "ü", "'", "%22", "%3Cscript%3E", "-1", "0", "99999999999999999999", new string('a', 3000), "NUL%00byte",
    ];

    public static readonly string[] QueryValues =
    [
        "", "-1", "0", "1", "2147483648", "-2147483649", "9223372036854775808", "1e309", "NaN", "0x10", "%00", "%zz", "%C3%28",
        "%ED%A0%80", "%2B0800", "+", "2026-13-45T99:99:99Z", "2026-01-01T00:00:00+9999", "2026-01-01T00:00:00%2B0800",
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "true", "[]", "ALL", "run", "desc", new string('9', 400),
    ];

    public static readonly string[] QueryNames =
    [
        "offset", "limit", "log_type", "query_time", "replication_id", "start_time", "end_time", "sort_key", "sort_dir",
        "start_date", "end_date", "level", "type", "cur_page", "per_page", "sort", "instance_id", "expires", "signature",
    ];

    public static byte[] Body(Random random)
    {
        var json = random.Next(14) switch
        {
            0 => [0xC3, 0x28, 0xFF],
            1 => Encoding.UTF8.GetBytes("""{"ids":["\ud800"],"keep_days":"\udfff"}"""),
            2 => Encoding.UTF8.GetBytes(new string('[', 2000) + new string(']', 2000)),
            3 => Encoding.UTF8.GetBytes("""{"keep_days":1e999999,"ids":[1,2,3]}"""),
            4 => Encoding.UTF8.GetBytes("null"),
            5 => Encoding.UTF8.GetBytes("{"),
            6 => Encoding.UTF8.GetBytes("""{"a":1,"a":2}"""),
            7 => Encoding.UTF8.GetBytes("""{"keep_days":-1,"audit_types":[null,{},[]],"reserve_auditlogs":"yes"}"""),
            8 => Encoding.UTF8.GetBytes("""{"name":"..","password":"x","engine":"redis","shards":[{"name":"group-0","replicas":[{"id":".","ip":"1","port":-1}]}]}"""),
            9 => Encoding.UTF8.GetBytes("""{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"\u0000"}}},"scope":{"project":{"name":"demo"}}}}"""),
            10 => Encoding.UTF8.GetBytes("{\"ids\":[\"" + new string('x', 200_000) + "\"]}"),
            11 => RandomBytes(random, random.Next(1, 4096)),
            12 => Encoding.UTF8.GetBytes("""{"node":"n1","kind":"mariadb-audit","file_path":"%00","bytes":-5,"detected_at":"never"}"""),
            _ => [],
        };
        return json;
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
