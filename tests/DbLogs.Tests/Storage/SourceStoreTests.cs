using DbLogs.Core.Logs;
using DbLogs.Core.Time;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteSourceStoreTests : SourceStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresSourceStoreTests : SourceStoreTests<PostgresStorageUnderTest>;

public abstract class SourceStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private ISourceStore Sources => Store<ISourceStore>();

    [Fact]
    public async Task A_source_is_one_per_instance_node_and_kind()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1", "n2");

        var audit = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        Assert.Equal(audit, await SourceAsync(instance, "n1", LogKind.MariadbAudit));
        var slow = await SourceAsync(instance, "n1", LogKind.MariadbSlow);
        var other = await SourceAsync(instance, "n2", LogKind.MariadbAudit);

        Assert.Equal(new SourceRecord(audit.Id, instance, "n1", LogKind.MariadbAudit, 0, null, null, null, null, null, null), audit);
        Assert.Equal(3, new[] { audit.Id, slow.Id, other.Id }.Distinct().Count());
        Assert.Equal(audit, await Sources.GetSourceAsync(audit.Id));
        Assert.Equal([audit.Id, slow.Id, other.Id], (await Sources.ListSourcesAsync(instance)).Select(s => s.Id));
        Assert.Empty(await Sources.ListSourcesAsync("no such instance"));
    }

    [Fact]
    public async Task An_append_moves_the_stream_its_file_and_the_time_index_together()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);

        await Sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/var/log/audit.log", true, 0, 100,
            new SourceChunk(0, 100, T0, T0.AddSeconds(10)), 100, T0.AddMinutes(1)));
        await Sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/var/log/audit.log.1", false, 0, 150,
            new SourceChunk(100, 150, null, null), null, T0.AddMinutes(2)));
        await Sources.CommitAppendAsync(new AppendCommit(source.Id, "f2", "/var/log/audit.log", true, 0, 50,
            new SourceChunk(150, 200, T0.AddHours(1), T0.AddHours(2)), 60, T0.AddMinutes(3)));

        Assert.Equal(new SourceRecord(source.Id, instance, "n1", LogKind.MariadbAudit, 200, T0.AddHours(2), T0.AddMinutes(3), "/var/log/audit.log", 60,
            null, null), await Sources.GetSourceAsync(source.Id));
        Assert.Equal(
            [
                new SourceFileRecord(source.Id, "f1", "/var/log/audit.log.1", 0, 0, 150, T0.AddMinutes(1)),
                new SourceFileRecord(source.Id, "f2", "/var/log/audit.log", 150, 0, 50, T0.AddMinutes(3)),
            ], await Sources.ListFilesAsync(source.Id));
        Assert.Equal(150, (await Sources.GetFileAsync(source.Id, "f1"))?.StreamEnd);
        Assert.Null(await Sources.GetFileAsync(source.Id, "f3"));

        Assert.Equal([new SourceChunk(150, 200, T0.AddHours(1), T0.AddHours(2))],
            await Sources.FindChunksAsync(source.Id, new TimeWindow(T0.AddMinutes(90), T0.AddHours(3))));
        Assert.Equal([0L, 150L], (await Sources.FindChunksAsync(source.Id, new TimeWindow(T0.AddSeconds(10), T0.AddHours(1)))).Select(c => c.StreamStart));
    }

    [Fact]
    public async Task An_append_that_does_not_begin_at_the_streams_end_commits_nothing()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        await Sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/a.log", true, 0, 100, new SourceChunk(0, 100, T0, T0), 100, T0));
        var (sourceBefore, filesBefore, chunksBefore) = (await Sources.GetSourceAsync(source.Id), await Sources.ListFilesAsync(source.Id), await AllChunksAsync(source.Id));

        // What a second service node's commit looks like when the first one's landed in between: it began at 0, not 100.
        var stale = await Assert.ThrowsAsync<AppendConflictException>(() => Sources.CommitAppendAsync(
            new AppendCommit(source.Id, "f1", "/b.log", false, 0, 100, new SourceChunk(0, 100, T0.AddHours(1), T0.AddHours(1)), 100, T0.AddMinutes(1))));
        await Assert.ThrowsAsync<AppendConflictException>(() => Sources.CommitAppendAsync(
            new AppendCommit(source.Id, "f2", "/b.log", true, 0, 10, new SourceChunk(0, 10, T0.AddHours(1), T0.AddHours(1)), 10, T0.AddMinutes(1))));

        Assert.Equal((source.Id, 0L), (stale.SourceId, stale.ExpectedLength));
        Assert.Equal(sourceBefore, await Sources.GetSourceAsync(source.Id));
        Assert.Equal(filesBefore, await Sources.ListFilesAsync(source.Id));
        Assert.Equal(chunksBefore, await AllChunksAsync(source.Id));
    }

    [Fact]
    public async Task Of_two_appends_racing_from_one_end_exactly_one_commits()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        for (var round = 0; round < 8; round++)
        {
            var start = round * 20L;
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async writer =>
            {
                try
                {
                    await Sources.CommitAppendAsync(new AppendCommit(source.Id, $"f{round}-{writer}", "/a.log", true, 0, 20,
                        new SourceChunk(start, start + 20, T0, T0), 20, T0));
                    return true;
                }
                catch (AppendConflictException)
                {
                    return false;
                }
            }));

            Assert.Single(results, won => won);
        }

        Assert.Equal(160, (await Sources.GetSourceAsync(source.Id))!.Length);
        Assert.Equal(8, (await Sources.ListFilesAsync(source.Id)).Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(r => r * 20L), (await AllChunksAsync(source.Id)).Select(c => c.StreamStart));
    }

    [Fact]
    public async Task A_piece_named_by_an_append_is_committed_with_it_and_listed_by_the_bytes_it_holds()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        for (var i = 0; i < 4; i++)
        {
            await Sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/a.log", i == 0, 0, (i + 1) * 10L,
                new SourceChunk(i * 10L, (i + 1) * 10L, T0, T0), null, T0, $"streams/{source.Id}/p{i}"));
        }

        await Assert.ThrowsAsync<AppendConflictException>(() => Sources.CommitAppendAsync(new AppendCommit(source.Id, "f1", "/a.log", false, 0, 50,
            new SourceChunk(30, 50, T0, T0), null, T0, "streams/lost")));

        Assert.Equal([new StreamPiece(0, 10, $"streams/{source.Id}/p0"), new StreamPiece(10, 20, $"streams/{source.Id}/p1")],
            await Sources.ListPiecesAsync(source.Id, 0, 20));
        Assert.Equal(["p1", "p2", "p3"], (await Sources.ListPiecesAsync(source.Id, 15, 40)).Select(p => p.BlobKey.Split('/')[^1]));
        Assert.Equal(["p3"], (await Sources.ListPiecesAsync(source.Id, 39, 40)).Select(p => p.BlobKey.Split('/')[^1]));
        Assert.Empty(await Sources.ListPiecesAsync(source.Id, 40, 60));
    }

    private Task<IReadOnlyList<SourceChunk>> AllChunksAsync(long sourceId) =>
        Sources.FindChunksAsync(sourceId, new TimeWindow(T0.AddYears(-1), T0.AddYears(1)));

    [Fact]
    public async Task Gaps_cursors_and_the_last_error_are_kept_per_source()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var source = await SourceAsync(instance, "n1", LogKind.MariadbError);
        var other = await SourceAsync(instance, "n1", LogKind.MariadbSlow);

        await Sources.AddGapAsync(source.Id, new SourceGap(T0.AddMinutes(1), "/var/log/error.log", 10, "rotated away"));
        await Sources.AddGapAsync(source.Id, new SourceGap(T0, "/var/log/error.log", 5, "truncated"));
        Assert.Equal([new SourceGap(T0, "/var/log/error.log", 5, "truncated"), new SourceGap(T0.AddMinutes(1), "/var/log/error.log", 10, "rotated away")],
            await Sources.ListGapsAsync(source.Id));
        Assert.Empty(await Sources.ListGapsAsync(other.Id));

        Assert.Null(await Sources.GetCursorAsync(source.Id, "errors"));
        await Sources.SetCursorAsync(source.Id, "errors", new StreamCursor(10, "a"));
        await Sources.SetCursorAsync(source.Id, "errors", new StreamCursor(20, null));
        Assert.Equal(new StreamCursor(20, null), await Sources.GetCursorAsync(source.Id, "errors"));
        Assert.Null(await Sources.GetCursorAsync(other.Id, "errors"));

        await Sources.SetLastErrorAsync(source.Id, "permission denied", T0);
        var failing = await Sources.GetSourceAsync(source.Id);
        Assert.Equal(("permission denied", T0), (failing?.LastError, failing?.LastErrorAt));
        await Sources.SetLastErrorAsync(source.Id, null, T0.AddMinutes(1));
        Assert.Null((await Sources.GetSourceAsync(source.Id))?.LastError);
    }
}
