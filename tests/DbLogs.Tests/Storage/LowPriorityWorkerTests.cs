using System.Globalization;
using DbLogs.Processing.Streams;

namespace DbLogs.Tests.Storage;

public sealed class LowPriorityWorkerTests
{
    [Fact]
    public async Task Work_runs_in_order_on_one_thread_that_the_kernel_schedules_last()
    {
        using var worker = new LowPriorityWorker("test worker");
        var first = await worker.RunAsync(() => (Environment.CurrentManagedThreadId, Nice: ThreadStat(19), Policy: ThreadStat(41)));
        var second = await worker.RunAsync(() => Environment.CurrentManagedThreadId);

        Assert.Equal(first.CurrentManagedThreadId, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, second);
        Assert.Equal(19, first.Nice);
        Assert.Equal(5, first.Policy); // SCHED_IDLE
        Assert.Equal(0, ThreadStat(41)); // the caller's thread is left as it was (SCHED_OTHER)
    }

    [Fact]
    public async Task A_failure_reaches_the_caller_and_the_worker_goes_on()
    {
        using var worker = new LowPriorityWorker("test worker");
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.RunAsync<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal(42, await worker.RunAsync(() => 42));
    }

    // A numbered field of /proc/thread-self/stat (19: nice, 41: scheduling policy); the command name (field 2) may hold spaces,
    // so count from its closing parenthesis.
    private static int ThreadStat(int field)
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[field - 3], CultureInfo.InvariantCulture);
    }
}
