using System.Globalization;

namespace DbLogs.Bench.Search;

/// <summary>
/// The audit records the search benchmark seeds: one MySQL instance of two nodes, records spread evenly over the 30 days
/// before <see cref="End"/>, by a few hundred users from a few hundred hosts in a hundred databases.
/// </summary>
internal sealed class SearchShape(long records)
{
    public const string InstanceId = "5ea7c400000000000000000000000001in01";
    public const int Users = 300;
    public const int Hosts = 200;
    public const int Databases = 100;
    public const int Customers = 50_000;
    public static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Span = TimeSpan.FromDays(30);
    public static readonly string[] Nodes = ["n1", "n2"];
    private static readonly string[] UserKinds = ["app", "etl", "report", "web", "cron", "billing", "admin", "ops"];
    private static readonly string[] TableBases =
        ["orders", "order_items", "customers", "products", "invoices", "payments", "sessions", "stock", "events", "shipments", "refunds", "coupons"];
    private static readonly string[] TableSuffixes = ["", "_archive", "_history", "_staging", "_v2"];
    public static readonly string[] Tables = [.. TableBases.SelectMany(b => TableSuffixes.Select(s => b + s))];

    public long Records { get; } = records;

    public static string User(int k) => string.Create(CultureInfo.InvariantCulture, $"{UserKinds[k % UserKinds.Length]}_{k}");

    public static string Host(int k) => string.Create(CultureInfo.InvariantCulture, $"10.{k / 250}.{k % 250}.{(k * 37) % 250 + 2}");

    public static string Database(int k) => string.Create(CultureInfo.InvariantCulture, $"{TableBases[k % TableBases.Length]}_db_{k}");

    public static string Email(int customer) => string.Create(CultureInfo.InvariantCulture, $"user{customer}@example.com");

    public static string InstancesJson() =>
        $$"""{"id":"{{InstanceId}}","name":"audited","engine":"mysql","nodes":[{"id":"n1","ip":"10.201.0.1","port":3306,"user":"root"},{"id":"n2","ip":"10.201.0.2","port":3306,"user":"root"}]}""";
}
