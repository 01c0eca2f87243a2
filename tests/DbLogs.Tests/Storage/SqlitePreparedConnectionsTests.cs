using System.Data.Common;
using Dapper;
using DbLogs.Storage.Sql;
using DbLogs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbLogs.Tests.Storage;

/// <summary>
/// The connections the embedded store keeps, with their prepared commands, for its hot list reads: a statement is compiled
/// once per connection, a kept connection still sees every later write, a read that fails leaves its connection behind,
/// and no more than a few wait between reads.
/// </summary>
public sealed class SqlitePreparedConnectionsTests : IDisposable
{
    private const string CountRows = "SELECT COUNT(*) FROM t WHERE v >= @min";
    private readonly string _data = Directory.CreateTempSubdirectory("dblogs-prepared-").FullName;
    private int _opens;

    public SqlitePreparedConnectionsTests()
    {
        using var c = new SqliteConnection(ConnectionString);
        c.Open();
        c.Execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER NOT NULL); INSERT INTO t VALUES (1);");
    }

    private string ConnectionString => $"Data Source={Path.Combine(_data, "t.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_statement_is_compiled_once_per_kept_connection_and_still_sees_later_writes()
    {
        using var connections = Connections();
        var (first, before) = await connections.ReadAsync(CountAsync, CancellationToken.None);

        await using (var writer = new SqliteConnection(ConnectionString))
        {
            await writer.OpenAsync();
            await writer.ExecuteAsync("INSERT INTO t VALUES (2), (3)");
        }

        var (second, after) = await connections.ReadAsync(CountAsync, CancellationToken.None);
        Assert.Same(first, second);
        Assert.Equal(1, _opens);
        Assert.Equal(1, before);
        Assert.Equal(3, after);
    }

    [Fact]
    public async Task A_read_that_fails_gives_up_its_connection()
    {
        using var connections = Connections();
        var (first, _) = await connections.ReadAsync(CountAsync, CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() =>
            connections.ReadAsync<long>((s, ct) => Task.FromResult((long)s.Command("SELECT * FROM missing").ExecuteScalar()!), CancellationToken.None));
        var (afterFailure, count) = await connections.ReadAsync(CountAsync, CancellationToken.None);

        Assert.NotSame(first, afterFailure);
        Assert.Equal(2, _opens);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task At_most_sixteen_connections_wait_between_reads_and_disposing_closes_them()
    {
        var connections = Connections();
        await ReadAtOnceAsync(connections, 20);
        Assert.Equal(20, _opens);

        await ReadAtOnceAsync(connections, 16);
        Assert.Equal(20, _opens); // sixteen were kept

        await ReadAtOnceAsync(connections, 17);
        Assert.Equal(21, _opens); // and no more

        var (kept, _) = await connections.ReadAsync(CountAsync, CancellationToken.None);
        connections.Dispose();
        await Assert.ThrowsAsync<InvalidOperationException>(() => kept.ExecuteScalarAsync());
    }

    private static async Task ReadAtOnceAsync(SqlitePreparedConnections connections, int reads)
    {
        var release = new TaskCompletionSource();
        var inFlight = Enumerable.Range(0, reads).Select(_ => connections.ReadAsync(async (s, ct) =>
        {
            await release.Task;
            return await CountAsync(s, ct);
        }, CancellationToken.None)).ToList();
        release.SetResult();
        await Task.WhenAll(inFlight);
    }

    private SqlitePreparedConnections Connections() => new(async ct =>
    {
        Interlocked.Increment(ref _opens);
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    });

    private static async Task<(DbCommand Command, long Rows)> CountAsync(IStatements statements, CancellationToken ct)
    {
        var command = statements.Command(CountRows).Set("@min", 0);
        return (command, (long)(await command.ExecuteScalarAsync(ct))!);
    }
}
