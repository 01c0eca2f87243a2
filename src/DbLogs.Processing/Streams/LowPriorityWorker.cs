using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace DbLogs.Processing.Streams;

/// <summary>
/// One thread that the kernel schedules after every other thread of the machine (nice 19 on Linux), for background work
/// that must never slow ingest or requests down: on a busy machine it waits for idle CPU, on an idle one it runs at full speed.
/// </summary>
public sealed partial class LowPriorityWorker : IDisposable
{
    private const int PrioProcess = 0;
    private const int LowestPriority = 19;

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
            _ = SetPriority(PrioProcess, GetThreadId(), LowestPriority); // best effort: without it the work still runs
        }

        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    // On Linux PRIO_PROCESS with a thread id sets that thread's nice value alone.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
