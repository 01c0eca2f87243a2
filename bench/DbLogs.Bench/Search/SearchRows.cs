using System.Globalization;

namespace DbLogs.Bench.Search;

/// <summary>One seeded server_audit record, as the indexer would have stored it (query text with the plugin's escapes undone).</summary>
internal readonly record struct SearchRow(int Node, long StreamOffset, long Time, string User, string Host, long ConnectionId, long QueryId,
    string Operation, string? StatementClass, string Database, string? Object, string? Query, int? ReturnCode);

/// <summary>
/// The records of <see cref="SearchShape"/>, always the same for a count: mostly QUERY records of varied SQL with table
/// names, ids, e-mail addresses, dates and amounts; connects, failed logins and table events around them.
/// </summary>
internal static class SearchRows
{
    private static readonly string[] Columns = ["id", "customer_id", "status", "created_at", "amount", "sku", "email", "updated_at", "region", "note"];
    private static readonly string[] Statuses = ["new", "paid", "shipped", "cancelled", "refunded", "on hold"];

    public static IEnumerable<SearchRow> All(SearchShape shape)
    {
        var random = new Random(16);
        var start = (SearchShape.End - SearchShape.Span).ToUnixTimeMilliseconds();
        var step = SearchShape.Span.TotalMilliseconds / shape.Records;
        var offsets = new long[SearchShape.Nodes.Length];
        for (var i = 0L; i < shape.Records; i++)
        {
            var node = (int)(i % SearchShape.Nodes.Length);
            var connection = random.Next(1, 20_000);
            var user = connection % SearchShape.Users;
            var database = SearchShape.Database(connection % SearchShape.Databases);
            var roll = random.Next(100);
            var (operation, statementClass, table, query, code) = roll switch
            {
                < 2 => ("CONNECT", null, null, null, 0),
                < 3 => ("FAILED_CONNECT", null, null, null, 1045),
                < 5 => ("DISCONNECT", null, null, null, 0),
                < 10 => (roll < 8 ? "READ" : "WRITE", "DML", SearchShape.Tables[random.Next(SearchShape.Tables.Length)], null, (int?)null),
                _ => Query(random),
            };
            var row = new SearchRow(node, offsets[node], start + (long)(i * step), SearchShape.User(user), SearchShape.Host(connection % SearchShape.Hosts),
                connection, operation == "QUERY" ? i : 0, operation, statementClass, database, table, query, code);
            offsets[node] += 60 + (query?.Length ?? 0);
            yield return row;
        }
    }

    private static (string, string?, string?, string?, int?) Query(Random random)
    {
        var c = CultureInfo.InvariantCulture;
        var table = SearchShape.Tables[random.Next(SearchShape.Tables.Length)];
        var column = Columns[random.Next(Columns.Length)];
        var customer = random.Next(1, SearchShape.Customers);
        var status = Statuses[random.Next(Statuses.Length)];
        var code = random.Next(300) == 0 ? 1064 : 0;
        var (cls, sql) = random.Next(10) switch
        {
            0 => ("DML", $"SELECT * FROM {table} WHERE id = {random.Next(1, 9_000_000)}"),
            1 => ("DML", $"SELECT id, {column}, status FROM {table} WHERE customer_id = {customer} AND status = '{status}' ORDER BY created_at DESC LIMIT {random.Next(1, 5) * 10}"),
            2 => ("DML", $"UPDATE {table} SET {column} = {random.Next(0, 100_000)}, updated_at = NOW() WHERE id = {random.Next(1, 9_000_000)}"),
            3 => ("DML", $"INSERT INTO {table} (customer_id, amount, status, email) VALUES ({customer}, {(random.Next(100, 99_999) / 100.0).ToString("0.00", c)}, '{status}', '{SearchShape.Email(customer)}')"),
            4 => ("DML", $"SELECT COUNT(*) FROM {table} t JOIN customers c ON c.id = t.customer_id WHERE t.created_at >= '2026-{random.Next(1, 13):00}-{random.Next(1, 29):00}' GROUP BY c.region"),
            5 => ("DML", $"DELETE FROM {table} WHERE {column} < {random.Next(0, 1_000_000)} LIMIT 1000"),
            6 => ("DML", $"SELECT email, name FROM customers WHERE email = '{SearchShape.Email(customer)}'"),
            7 => ("DML", $"UPDATE customers SET note = 'called {random.Next(1, 28)}.{random.Next(1, 13)}., O''Brien asked for 50% off' WHERE id = {customer}"),
            8 => (null, $"SHOW FULL PROCESSLIST /* {table} */"),
            _ => ("DDL", $"ALTER TABLE {table} ADD INDEX ix_{column}_{random.Next(1, 99)} ({column})"),
        };
        return ("QUERY", cls, null, sql, code);
    }
}
