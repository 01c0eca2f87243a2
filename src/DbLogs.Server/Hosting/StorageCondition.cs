namespace DbLogs.Server.Hosting;

/// <summary>Since when, and why, writes to the data directory fail for lack of space.</summary>
public sealed record DiskFull(DateTimeOffset Since, string Error);

/// <summary>
/// Whether the data directory is full, as the writes that failed say, for health and the admin view. Kept in memory:
/// on a full disk the store cannot record it. The condition ends when a write succeeds again or, looked at, when the
/// file system has room again, so an idle service does not report a full disk after space was freed.
/// </summary>
public sealed class StorageCondition(DataDirectory data, TimeProvider clock, ILogger<StorageCondition> logger)
{
    /// <summary>Free space at which a full file system counts as writable again: one default agent batch.</summary>
    public const long RecoveredBytes = 1 << 20;

    private DiskFull? _full;

    /// <summary>The condition now, or null when writes work.</summary>
    public DiskFull? Current
    {
        get
        {
            var full = _full;
            if (full is not null && StorageFull.AvailableBytes(data.Root) >= RecoveredBytes)
            {
                Recovered(full);
                return null;
            }

            return full;
        }
    }

    /// <summary>Records <paramref name="error"/> when it is a full disk; true when it is.</summary>
    public bool Report(Exception error)
    {
        if (!StorageFull.Is(error, data.Root))
        {
            return false;
        }

        var was = _full;
        _full = new DiskFull(was?.Since ?? clock.GetUtcNow(), StorageFull.Describe(error));
        if (was is null)
        {
            logger.LogError("The data directory {DataDirectory} is full ({Error}); writes are refused with 503 until space is freed", data.Root, _full.Error);
        }

        return true;
    }

    /// <summary>A write stored its bytes: the disk has room again.</summary>
    public void Written()
    {
        if (_full is { } full)
        {
            Recovered(full);
        }
    }

    private void Recovered(DiskFull full)
    {
        if (Interlocked.CompareExchange(ref _full, null, full) == full)
        {
            logger.LogInformation("The data directory {DataDirectory} has room again; writes are accepted", data.Root);
        }
    }
}
