using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace DbLogs.Processing.Streams;

/// <summary>
/// One thread that the kernel schedules after every other thread of the machine (SCHED_IDLE on Linux, nice 19 where that
/// is refused), for background work that must never slow ingest or requests down: on a busy machine it waits for idle CPU,
/// on an idle one it runs at full speed.
/// </summary>
public sealed partial class LowPriorityWorker : IDisposable
{
    private const int PrioProcess = 0;
    private const int LowestPriority = 19;
    private const int SchedIdle = 5;

    private readonly BlockingCollection<Action> _work = [];

    public LowPriorityWorker(string name)
    {
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the worker's thread, after what was queued before it.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    public void Dispose() => _work.CompleteAdding();

    private void Run()
    {
        if (OperatingSystem.IsLinux())
        {
            // Best effort: without either the work still runs. Nice 19 alone let the audit indexer and the compactor take a
            // third of the service's CPU during a full-speed shipment: the kernel counts a CPU that runs only SCHED_IDLE threads
            // as idle when it places a waking thread, so a batch's thread preempts them at once instead of queuing behind them.
            var tid = GetThreadId();
            _ = SetPriority(PrioProcess, tid, LowestPriority);
            var unused = 0; // struct sched_param's priority, which SCHED_IDLE requires to be 0
            _ = SetScheduler(tid, SchedIdle, ref unused);
        }

        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    // On Linux PRIO_PROCESS with a thread id sets that thread's nice value alone.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, ref int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
