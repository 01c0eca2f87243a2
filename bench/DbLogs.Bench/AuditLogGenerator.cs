using System.Globalization;
using System.Text;

namespace DbLogs.Bench;

/// <summary>
/// Writes realistic MariaDB server_audit lines up to a size: <c>20261205 10:15:02,db1,app,10.0.0.7,42,7,QUERY,shop,'SELECT …',0</c>,
/// with varied users, hosts, connections, queries and literals, plus the connects and disconnects around them.
/// </summary>
internal static class AuditLogGenerator
{
    private static readonly string[] Users = ["app", "app_ro", "report", "etl", "admin", "billing", "web", "cron"];
    private static readonly string[] Databases = ["shop", "billing", "analytics", "users", "inventory"];
    private static readonly string[] Tables = ["orders", "order_items", "customers", "products", "invoices", "payments", "sessions", "stock", "events"];
    private static readonly string[] Columns = ["id", "customer_id", "status", "created_at", "amount", "sku", "email", "updated_at", "region"];
    private static readonly string[] Statuses = ["new", "paid", "shipped", "cancelled", "refunded"];

    public static long Write(string path, long bytes, DateTime start)
    {
        var random = new Random(7);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(512);
        var c = CultureInfo.InvariantCulture;
        long written = 0;
        var queryId = 1000L;
        for (var i = 0L; written < bytes; i++)
        {
            var time = start.AddMilliseconds(i * 3);
            var connection = 40 + random.Next(0, 400);
            var user = Users[connection % Users.Length];
            var host = $"10.0.{connection % 7}.{(connection * 13) % 250 + 2}";
            var database = Databases[(connection / 3) % Databases.Length];
            line.Clear();
            line.Append(c, $"{time:yyyyMMdd HH:mm:ss},db1,{user},{host},{connection},");
            var roll = random.Next(100);
            if (roll < 2)
            {
                line.Append(c, $"0,{(roll == 0 ? "CONNECT" : "DISCONNECT")},{database},,0");
            }
            else
            {
                line.Append(c, $"{queryId++},QUERY,{database},'");
                AppendQuery(line, random);
                line.Append(c, $"',{(random.Next(200) == 0 ? 1064 : 0)}");
            }

            line.Append('\n');
            writer.Write(line);
            written += Encoding.UTF8.GetByteCount(line.ToString());
        }

        writer.Flush();
        return new FileInfo(path).Length;
    }

    private static void AppendQuery(StringBuilder line, Random random)
    {
        var c = CultureInfo.InvariantCulture;
        var table = Tables[random.Next(Tables.Length)];
        var column = Columns[random.Next(Columns.Length)];
        switch (random.Next(6))
        {
            case 0:
                line.Append(c, $"SELECT * FROM {table} WHERE id = {random.Next(1, 5_000_000)}");
                break;
            case 1:
                line.Append(c, $"SELECT id, {column}, status FROM {table} WHERE customer_id = {random.Next(1, 200_000)} AND status = \\'{Statuses[random.Next(Statuses.Length)]}\\' ORDER BY created_at DESC LIMIT {random.Next(1, 5) * 10}");
                break;
            case 2:
                line.Append(c, $"UPDATE {table} SET {column} = {random.Next(0, 100_000)}, updated_at = NOW() WHERE id = {random.Next(1, 5_000_000)}");
                break;
            case 3:
                line.Append(c, $"INSERT INTO {table} (customer_id, amount, status, email) VALUES ({random.Next(1, 200_000)}, {random.Next(100, 99_999) / 100.0:0.00}, \\'{Statuses[random.Next(Statuses.Length)]}\\', \\'user{random.Next(1, 900_000)}@example.com\\')");
                break;
            case 4:
                line.Append(c, $"SELECT COUNT(*) FROM {table} t JOIN customers c ON c.id = t.customer_id WHERE t.created_at >= \\'2026-{random.Next(1, 13):00}-{random.Next(1, 29):00}\\' GROUP BY c.region");
                break;
            default:
                line.Append(c, $"DELETE FROM {table} WHERE {column} < {random.Next(0, 1_000_000)} LIMIT 1000");
                break;
        }
    }
}
