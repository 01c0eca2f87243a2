namespace DbLogs.Bench.Fleet;

internal readonly record struct RunLogRow(string Id, string InstanceId, string ReplicationId, string GroupName, string Ip, string Day, long CollectedAt);

internal readonly record struct AuditFileRow(string Id, string InstanceId, string NodeId, string Name, long SizeBytes, long Begin, long End, long Sequence);

internal readonly record struct SlowRow(string InstanceId, string NodeId, long SourceId, long StreamOffset, long StartTime, double QueryTime,
    double LockTime, long RowsSent, long RowsExamined, string Database, string Users, string ClientIp, string QuerySample, string Type);

/// <summary>The rows of <see cref="FleetShape"/>, per instance in time order (so every index grows at its end while seeding).</summary>
internal static class FleetRows
{
    private static readonly (string Type, string Sample)[] Statements = BuildStatements();
    private static readonly string[] Databases = ["shop", "billing", "inventory", "auth"];
    private static readonly string[] Users = ["app[app] @  [10.8.0.11]", "report[report] @  [10.8.0.12]", "batch[batch] @  [10.8.0.13]"];
    private static readonly string[] ClientIps = [.. Enumerable.Range(0, 16).Select(i => $"10.8.0.{20 + i}")];

    public static IEnumerable<RunLogRow> RunLogs(FleetShape shape)
    {
        var collectedAt = FleetShape.End.ToUnixTimeMilliseconds();
        for (var k = 0; k < FleetShape.InstancesPerEngine; k++)
        {
            var entries = FleetShape.Share(shape.RunLogEntries, k);
            var replicas = FleetShape.Replicas(entries);
            for (var i = entries - 1; i >= 0; i--)
            {
                var replica = (int)(i % replicas);
                yield return new RunLogRow(Guid.NewGuid().ToString(), FleetShape.RedisId(k), FleetShape.ReplicaId(replica),
                    FleetShape.GroupName(replica), $"10.{k}.{replica / 2 % 256}.{1 + (replica % 2)}", FleetShape.Day((int)(i / replicas)), collectedAt);
            }
        }
    }

    public static IEnumerable<AuditFileRow> AuditFiles(FleetShape shape)
    {
        string[] nodes = ["n1", "n2"];
        for (var k = 0; k < FleetShape.InstancesPerEngine; k++)
        {
            var instance = FleetShape.MysqlId(k);
            var perNode = Math.Max(1, FleetShape.Share(shape.AuditFiles, k) / nodes.Length);
            var period = FleetShape.AuditSpan.Ticks / perNode;
            for (var sequence = 1L; sequence <= perNode; sequence++)
            {
                for (var n = 0; n < nodes.Length; n++)
                {
                    var end = FleetShape.End - TimeSpan.FromTicks(((perNode - sequence) * period) + (n * period / 2));
                    var begin = end - TimeSpan.FromTicks(period);
                    var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "0000br01";
                    var name = $"{sequence}_{begin.UtcDateTime:yyyyMMddHHmmss}_{instance}_Audit_{Guid.NewGuid()}";
                    yield return new AuditFileRow(id, instance, nodes[n], name, 20_972_339, begin.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), sequence);
                }
            }
        }
    }

    public static IEnumerable<SlowRow> SlowRows(FleetShape shape)
    {
        var random = new Random(42);
        var first = (FleetShape.End - FleetShape.SlowSpan).ToUnixTimeMilliseconds();
        for (var k = 0; k < FleetShape.InstancesPerEngine; k++)
        {
            var instance = FleetShape.MysqlId(k);
            var rows = FleetShape.Share(shape.SlowRows, k);
            var step = FleetShape.SlowSpan.TotalMilliseconds / Math.Max(1, rows);
            for (var i = 0L; i < rows; i++)
            {
                var node = (int)(i % 2);
                var statement = Statements[Pick(random)];
                yield return new SlowRow(instance, node == 0 ? "n1" : "n2", (2L * k) + node + 1, i * 512, first + (long)(i * step),
                    1 + (random.NextDouble() * 9), random.NextDouble() / 100, random.Next(1, 1000), random.Next(1000, 5_000_000),
                    Databases[random.Next(Databases.Length)], Users[random.Next(Users.Length)], ClientIps[random.Next(ClientIps.Length)],
                    statement.Sample, statement.Type);
            }
        }
    }

    /// <summary>A statement mix: selects dominate, DDL is rare (60% SELECT, 15% UPDATE, 15% INSERT, 8% DELETE, 2% CREATE).</summary>
    private static int Pick(Random random) => random.Next(100) switch
    {
        < 60 => random.Next(30),
        < 75 => 30 + random.Next(8),
        < 90 => 38 + random.Next(8),
        < 98 => 46 + random.Next(3),
        _ => 49,
    };

    private static (string, string)[] BuildStatements() =>
    [
        .. Enumerable.Range(0, 30).Select(i => ("SELECT", $"SELECT * FROM orders_{i} WHERE customer_id = ? AND created_at > ? ORDER BY created_at DESC LIMIT ?")),
        .. Enumerable.Range(0, 8).Select(i => ("UPDATE", $"UPDATE stock_{i} SET quantity = quantity - ? WHERE sku = ?")),
        .. Enumerable.Range(0, 8).Select(i => ("INSERT", $"INSERT INTO events_{i} (kind, payload, at) VALUES (?, ?, ?)")),
        .. Enumerable.Range(0, 3).Select(i => ("DELETE", $"DELETE FROM sessions_{i} WHERE expires_at < ?")),
        ("CREATE", "CREATE TABLE report_tmp (id BIGINT PRIMARY KEY, total DECIMAL(12,2))"),
    ];
}
