using System.Globalization;
using System.Text;

namespace DbLogs.Bench;

/// <summary>
/// Writes realistic MariaDB <c>server_audit</c> lines (<c>20261205 10:15:02,db1,app,10.0.0.7,42,7,QUERY,shop,'SELECT …',0</c>):
/// connects, queries of varied length and disconnects of a few hundred connections, in time order, up to a size.
/// </summary>
internal static class AuditLogGenerator
{
    private static readonly string[] Users = ["app", "app", "app", "report", "admin", "batch"];
    private static readonly string[] Databases = ["shop", "shop", "billing", "inventory"];

    private static readonly string[] Queries =
    [
        "SELECT id, name, price FROM products WHERE id = {0}",
        "SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > \\'2026-12-01\\' AND c.id = {0} ORDER BY o.id DESC LIMIT 50",
        "UPDATE carts SET updated_at = NOW(), item_count = item_count + 1 WHERE id = {0}",
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES ({0}, {1}, 2, 19.90)",
        "DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL {1} SECOND",
        "SELECT COUNT(*) FROM inventory WHERE warehouse_id = {1} AND quantity < 10",
        "COMMIT",
        "SET autocommit=1",
    ];

    /// <summary>Writes lines to <paramref name="path"/> until it holds at least <paramref name="bytes"/>; returns its size.</summary>
    public static long Write(string path, long bytes, int seed = 42)
    {
        var random = new Random(seed);
        var time = new DateTime(2026, 12, 5, 0, 0, 0);
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(512);
        long written = 0, queryId = 0;
        while (written < bytes)
        {
            time = time.AddMilliseconds(random.Next(0, 4));
            var connection = random.Next(1, 400);
            var user = Users[connection % Users.Length];
            var host = $"10.0.{connection % 8}.{connection % 250 + 2}";
            var database = Databases[connection % Databases.Length];
            line.Clear().Append(c, $"{time:yyyyMMdd HH:mm:ss},db1,{user},{host},{connection},");
            var dice = random.Next(100);
            if (dice < 3)
            {
                line.Append(c, $"0,{(dice == 0 ? "DISCONNECT" : "CONNECT")},{database},,0");
            }
            else
            {
                var query = string.Format(c, Queries[random.Next(Queries.Length)], random.Next(1, 2_000_000), random.Next(1, 600));
                line.Append(c, $"{++queryId},QUERY,{database},'{query}',{(dice == 99 ? 1064 : 0)}");
            }

            line.Append('\n');
            writer.Write(line);
            written += line.Length;
        }

        writer.Flush();
        return new FileInfo(path).Length;
    }
}
