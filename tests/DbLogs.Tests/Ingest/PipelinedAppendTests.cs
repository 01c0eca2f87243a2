using System.Net;
using System.Text.Json;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Ingest;

/// <summary>
/// A source's next batch is written while the one before it goes to the disk, and commits only after it: on the real segment store,
/// with the first batch's sync held (and, in one test, failed) by <see cref="HeldSyncs"/> until the second batch has been written.
/// Both follow an opening batch of the same file, stored first.
/// </summary>
public class PipelinedAppendTests
{
    private const string Opening = "1:M 21 Nov 2025 09:59:59.000 * the file's first batch, stored before the test's two\n";
    private const string First = "1:M 21 Nov 2025 10:00:00.000 * first batch\n";
    private const string Second = "1:M 21 Nov 2025 10:00:01.000 * second batch\n";

    [Fact]
    public async Task The_next_batch_is_written_while_the_one_before_is_synced_and_commits_after_it()
    {
        var held = new HeldSyncs(failFirst: false);
        var (app, instance, key) = await IngestRouteTests.StartAsync(services: held.Register);
        await using var _ = app;

        var (first, second) = await PostBothAsync(app, key, held);

        Assert.True(held.SecondWrittenBeforeFirstSynced, "the second batch was not written while the first one's sync was held");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Opening.Length + First.Length, await StoredOffsetAsync(first));
        Assert.Equal(Opening.Length + First.Length + Second.Length, await StoredOffsetAsync(second));
        Assert.Equal(Opening + First + Second, await IngestRouteTests.StreamAsync(app, instance));
    }

    [Fact]
    public async Task When_a_batchs_sync_fails_the_batch_written_after_it_is_not_committed_and_the_resends_are_stored_byte_exact()
    {
        var held = new HeldSyncs(failFirst: true);
        var (app, instance, key) = await IngestRouteTests.StartAsync(services: held.Register);
        await using var _ = app;

        var (first, second) = await PostBothAsync(app, key, held);

        Assert.True(held.SecondWrittenBeforeFirstSynced, "the second batch was not written while the first one's sync was held");
        Assert.True(first.StatusCode >= HttpStatusCode.InternalServerError, $"the failed batch was answered {first.StatusCode}");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode); // its bytes would follow a hole: resend from the stored offset
        Assert.Equal(Opening.Length, await StoredOffsetAsync(second));
        var source = (await app.Services.GetRequiredService<ISourceStore>().ListSourcesAsync(instance)).Single(s => s.NodeId == "r00");
        Assert.Equal(Opening.Length, source.Length);

        Assert.Equal(HttpStatusCode.OK, (await IngestRouteTests.PostAsync(app, key, "f1", Opening.Length, First)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await IngestRouteTests.PostAsync(app, key, "f1", Opening.Length + First.Length, Second)).StatusCode);
        Assert.Equal(Opening + First + Second, await IngestRouteTests.StreamAsync(app, instance));
    }

    [Fact]
    public async Task A_third_batch_that_arrives_before_the_second_waits_for_it_while_the_first_is_synced_and_all_commit_in_order()
    {
        const string Third = "1:M 21 Nov 2025 10:00:02.000 * third batch\n";
        var held = new HeldSyncs(failFirst: false);
        var (app, instance, key) = await IngestRouteTests.StartAsync(services: held.Register);
        await using var _ = app;

        Assert.Equal(HttpStatusCode.OK, (await IngestRouteTests.PostAsync(app, key, "f1", 0, Opening)).StatusCode);
        var first = IngestRouteTests.PostAsync(app, key, "f1", Opening.Length, First);
        await held.FirstWritten.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var third = IngestRouteTests.PostAsync(app, key, "f1", Opening.Length + First.Length + Second.Length, Third);
        await Task.Delay(200); // the third is read first and waits its turn
        var second = IngestRouteTests.PostAsync(app, key, "f1", Opening.Length + First.Length, Second);

        foreach (var response in await Task.WhenAll(first, second, third))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(held.SecondWrittenBeforeFirstSynced, "the second batch was not written while the first one's sync was held");
        Assert.Equal(Opening.Length + First.Length + Second.Length + Third.Length, await StoredOffsetAsync(await third));
        Assert.Equal(Opening + First + Second + Third, await IngestRouteTests.StreamAsync(app, instance));
    }

    /// <summary>Stores the opening batch, then posts the first batch and, once it is written (its sync held), the second.</summary>
    private static async Task<(HttpResponseMessage First, HttpResponseMessage Second)> PostBothAsync(TestApp app, string key, HeldSyncs held)
    {
        Assert.Equal(HttpStatusCode.OK, (await IngestRouteTests.PostAsync(app, key, "f1", 0, Opening)).StatusCode);
        var first = IngestRouteTests.PostAsync(app, key, "f1", Opening.Length, First);
        await held.FirstWritten.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = IngestRouteTests.PostAsync(app, key, "f1", Opening.Length + First.Length, Second);
        return (await first, await second);
    }

    private static async Task<long> StoredOffsetAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("stored_offset").GetInt64();

    /// <summary>
    /// The service's segment store; the sync of the second append (the test's first batch) waits until a third has been written
    /// (at most 10 s), then fails if asked to.
    /// </summary>
    private sealed class HeldSyncs(bool failFirst) : IStreamStore
    {
        private readonly TaskCompletionSource _secondWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SegmentStore _inner = null!;
        private int _writes;

        public TaskCompletionSource FirstWritten { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool SecondWrittenBeforeFirstSynced { get; private set; }

        public void Register(IServiceCollection services) =>
            services.AddSingleton<IStreamStore>(sp =>
            {
                _inner = sp.GetRequiredService<SegmentStore>();
                return this;
            });

        public async Task<PendingAppend> WriteAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default)
        {
            var pending = await _inner.WriteAsync(sourceId, at, data, ct);
            switch (Interlocked.Increment(ref _writes))
            {
                case 2:
                    FirstWritten.TrySetResult();
                    return new PendingAppend(pending.Piece, () => HeldSync(pending), pending);
                case 3:
                    _secondWritten.TrySetResult();
                    break;
            }

            return pending;
        }

        private void HeldSync(PendingAppend pending)
        {
            SecondWrittenBeforeFirstSynced = _secondWritten.Task.Wait(TimeSpan.FromSeconds(10));
            if (failFirst)
            {
                throw new IOException("simulated: the disk failed to flush the first batch");
            }

            pending.Sync();
        }

        public Task<string?> AppendAsync(long sourceId, long at, ReadOnlyMemory<byte> data, CancellationToken ct = default) =>
            _inner.AppendAsync(sourceId, at, data, ct);

        public Task<Stream> OpenReadAsync(long sourceId, long start, long end, CancellationToken ct = default) =>
            _inner.OpenReadAsync(sourceId, start, end, ct);

        public Task RecoverAsync(long sourceId, long committedLength, CancellationToken ct = default) =>
            _inner.RecoverAsync(sourceId, committedLength, ct);
    }
}
