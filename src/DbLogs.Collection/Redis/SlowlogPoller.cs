using System.Net.Sockets;
using DbLogs.Collection.Shipping;
using DbLogs.Core.Ingest;
using StackExchange.Redis;

namespace DbLogs.Collection.Redis;

/// <summary>
/// Polls one node's <c>SLOWLOG GET</c> every interval over one kept connection and ships what is new (see
/// <see cref="SlowlogPlanner"/>). The cursor advances only after the sink stored a batch, so a failed send is
/// retried with the same entries; the service keys entries on (node, run_id, id) and never stores one twice.
/// Failures are reported once as the source's last error and cleared when polling works again.
/// </summary>
/// <param name="mayPoll">Asked before each poll (the service's work lease of the node); a poll it refuses is skipped. Null: always poll.</param>
public sealed class SlowlogPoller(SlowlogNode node, ISlowlogSink sink, SlowlogSettings settings, SlowlogCursor? cursor, ISlowlogEvents events,
    Func<CancellationToken, Task<bool>>? mayPoll = null)
{
    /// <summary>The poller's own connection name: with a threshold of 0 its INFO and SLOWLOG commands are slow-logged too,
    /// and the service leaves entries under this name out.</summary>
    public const string ClientName = SlowlogEntry.PollerClientName;

    public const int MaxEntriesPerSend = 1000;

    /// <summary>The most entries one <c>SLOWLOG GET</c> asks for when the server holds more than a page.</summary>
    public const int MaxEntriesPerGet = 1 << 20;

    private readonly Lock _gate = new();
    private SlowlogCursor? _cursor = cursor;
    private RedisClient? _client;
    private string? _reportedError;

    // Nothing is reported yet: the first poll's outcome is, so an error stored by an earlier run (a password since fixed) clears.
    private bool _reportedOnce;

    public SlowlogNode Node => node;

    public SlowlogCursor? Cursor
    {
        get
        {
            lock (_gate)
            {
                return _cursor;
            }
        }
    }

    /// <param name="acknowledged">Called after each stored batch, to persist the cursor.</param>
    public async Task RunAsync(Action acknowledged, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (mayPoll is null || await mayPoll(ct))
                {
                    await PollAndReportAsync(acknowledged, ct);
                }
                else
                {
                    await DropClientAsync(); // another poller has the node: no idle connection left on it
                }

                await Task.Delay(settings.Interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await DropClientAsync();
        }
    }

    private async Task PollAndReportAsync(Action acknowledged, CancellationToken ct)
    {
        string? error = null;
        try
        {
            if (await PollOnceAsync(ct))
            {
                acknowledged();
            }
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            if (ct.IsCancellationRequested)
            {
                return; // stopping (or the service rejected the agent key): nothing more to report
            }

            events.PollFailed(node.NodeId, ex);
            error = $"{DateTimeOffset.UtcNow:O} SLOWLOG of {node.Endpoint}: {ex.GetType().Name}: {ex.Message}";
        }

        // Report a new failure, or the end of one; a failure that persists is reported once.
        if (!_reportedOnce || (error is null) != (_reportedError is null) || (error is not null && !SameProblem(error, _reportedError!)))
        {
            try
            {
                await sink.ReportErrorAsync(node.NodeId, error, ct);
                _reportedError = error;
                _reportedOnce = true;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // The operator view misses this report; the next poll tries again.
            }
        }
    }

    /// <summary>One poll; true when a batch was stored (the cursor moved). A failure drops the connection; the next poll connects again.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken ct)
    {
        try
        {
            return await PollAsync(ct);
        }
        catch
        {
            await DropClientAsync();
            throw;
        }
    }

    private async Task<bool> PollAsync(CancellationToken ct)
    {
        _client ??= await RedisClient.ConnectAsync(node.Endpoint, settings.Timeout, ct, ClientName);
        var info = await _client.ExecuteAsync("INFO", "server").WaitAsync(ct);
        var runId = RedisInfo.Field(info.ToString() ?? string.Empty, "run_id")
            ?? throw new RedisException("INFO server has no run_id.");
        var entries = await GetAsync(settings.Count, ct);
        var current = Cursor;
        var batch = SlowlogPlanner.Plan(node.NodeId, current, runId, entries);
        if (batch.Missed is not null && entries.Count >= settings.Count)
        {
            // The hole may only be our page size: read everything the server still holds.
            var length = (long)await _client.ExecuteAsync("SLOWLOG", "LEN").WaitAsync(ct);
            if (length > entries.Count)
            {
                batch = SlowlogPlanner.Plan(node.NodeId, current, runId, await GetAsync((int)Math.Min(length, MaxEntriesPerGet), ct));
            }
        }

        if (batch.Entries.Count == 0 && batch.Missed is null)
        {
            if (current?.RunId != runId)
            {
                lock (_gate)
                {
                    _cursor = SlowlogPlanner.Advance(current, batch);
                }

                return true;
            }

            return false;
        }

        // Parts keep each request well under the ingest route's body limit; the cursor moves only after the last.
        for (var i = 0; i < batch.Entries.Count || i == 0; i += MaxEntriesPerSend)
        {
            var part = batch.Entries.Skip(i).Take(MaxEntriesPerSend).ToList();
            await sink.SendAsync(batch with { Entries = part, Missed = i == 0 ? batch.Missed : null }, ct);
        }

        if (batch.Missed is not null)
        {
            events.Missed(node.NodeId, batch.Missed);
        }

        lock (_gate)
        {
            _cursor = SlowlogPlanner.Advance(current, batch);
        }

        return true;
    }

    private async Task<List<SlowlogEntry>> GetAsync(int count, CancellationToken ct) =>
        SlowlogReply.Parse(await _client!.ExecuteAsync("SLOWLOG", "GET", count).WaitAsync(ct));

    private async Task DropClientAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }
    }

    private static bool SameProblem(string a, string b) => a[(a.IndexOf(' ', StringComparison.Ordinal) + 1)..] == b[(b.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    private static bool IsTransient(Exception ex) =>
        ex is IOException or SocketException or TimeoutException or RedisException or HttpRequestException or IngestException
            or OperationCanceledException;
}
