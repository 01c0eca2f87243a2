namespace DbLogs.Collection.Agent;

/// <summary>
/// Gives memory back to the system once the collector has caught up. Shipping at full speed leaves the GC heap
/// sized for megabyte chunks in flight; an agent then idles for hours, so after two quiet ticks following
/// activity it asks for one aggressive, compacting collection (which also decommits free regions).
/// </summary>
internal sealed class IdleMemoryTrimmer
{
    private long _lastProgress = -1;
    private int _quietTicks;
    private bool _busySinceTrim = true;

    public void Observe(long progress)
    {
        if (progress != _lastProgress)
        {
            _lastProgress = progress;
            _quietTicks = 0;
            _busySinceTrim = true;
            return;
        }

        if (_busySinceTrim && ++_quietTicks >= 2)
        {
            Tailing.ChunkPool.Release();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _busySinceTrim = false;
        }
    }
}
