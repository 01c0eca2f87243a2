using System.Text.Json;
using DbLogs.Storage.MariadbError;
using DbLogs.Storage.MariadbSlow;
using DbLogs.Storage.RedisSlowlog;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sql;

namespace DbLogs.Storage.Postgres;

// A batch written in one statement: each column an array, which UNNEST turns back into rows (one round trip per batch).

internal static class Column
{
    public static T[] Of<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }
}

internal sealed record InstanceBatch(string Id, string ProjectId, string Name, string Engine, long CreatedAt, string[] Ids, string?[] Shards, string[] Ips, long[] Ports, string?[] Roles, string[] TimeZones,
    string?[] Sockets, string?[] Users, byte[]?[] Passwords, string[] Logs)
{
    public static InstanceBatch From(Instance i, IReadOnlyList<Node> n) => new(i.Id, i.ProjectId, i.Name, InstanceRow.EngineText(i.Engine),
        UnixMs.From(i.CreatedAt), Column.Of(n, x => x.Id), Column.Of(n, x => x.Shard),
        Column.Of(n, x => x.Ip), Column.Of(n, x => (long)x.Port), Column.Of(n, x => x.Role), Column.Of(n, x => x.TimeZone), Column.Of(n, x => x.Socket),
        Column.Of(n, x => x.User), Column.Of(n, x => x.ProtectedPassword), Column.Of(n, x => JsonSerializer.Serialize(x.Logs)));
}

internal sealed record SlowlogBatch(string InstanceId, string NodeId, string RunId, string ShardName, string NodeRole, long SourceId, long At,
    long? LastTime, long[] EntryIds, long[] StartTimes, long[] Durations, string[] Commands, string[] ClientIps, string[] Usernames)
{
    public static SlowlogBatch From(RedisSlowlogTarget t, IReadOnlyList<RedisSlowlogRecord> e, long sourceId, DateTimeOffset at) =>
        new(t.InstanceId, t.NodeId, t.RunId, t.ShardName, t.NodeRole, sourceId, UnixMs.From(at),
            e.Count > 0 ? e.Max(x => UnixMs.From(x.StartTime)) : null, Column.Of(e, x => x.EntryId), Column.Of(e, x => UnixMs.From(x.StartTime)),
            Column.Of(e, x => x.DurationMicros), Column.Of(e, x => x.Command), Column.Of(e, x => x.ClientIp), Column.Of(e, x => x.Username));
}

internal sealed record ErrorBatch(long SourceId, string[] Instances, string[] Nodes, long[] Offsets, long[] Times, string[] Levels, string[] Contents)
{
    public static ErrorBatch From(long sourceId, IReadOnlyList<ErrorLogRow> r) => new(sourceId, Column.Of(r, x => x.InstanceId),
        Column.Of(r, x => x.NodeId), Column.Of(r, x => x.StreamOffset), Column.Of(r, x => UnixMs.From(x.Entry.Time)), Column.Of(r, x => x.Entry.Level),
        Column.Of(r, x => x.Entry.Content));
}

internal sealed record SlowBatch(long SourceId, string[] Instances, string[] Nodes, long[] Offsets, long[] Starts, double[] QueryTimes,
    double[] LockTimes, long[] Sent, long[] Examined, string[] Databases, string[] Users, string[] Clients, string[] Samples, string[] Types)
{
    public static SlowBatch From(long sourceId, IReadOnlyList<SlowLogRow> r) => new(sourceId, Column.Of(r, x => x.InstanceId),
        Column.Of(r, x => x.NodeId), Column.Of(r, x => x.StreamOffset), Column.Of(r, x => UnixMs.From(x.Entry.StartTime)),
        Column.Of(r, x => x.Entry.QueryTimeSeconds), Column.Of(r, x => x.Entry.LockTimeSeconds), Column.Of(r, x => x.Entry.RowsSent),
        Column.Of(r, x => x.Entry.RowsExamined), Column.Of(r, x => x.Entry.Database), Column.Of(r, x => x.Entry.Users),
        Column.Of(r, x => x.Entry.ClientIp), Column.Of(r, x => x.Entry.QuerySample), Column.Of(r, x => x.Entry.Type));
}
