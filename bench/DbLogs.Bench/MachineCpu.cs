using System.Globalization;

namespace DbLogs.Bench;

/// <summary>The whole machine's CPU time, busy and in total (all cores), from the first line of /proc/stat.</summary>
internal readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Total)
{
    public static MachineCpu Now()
    {
        // cpu  user nice system idle iowait irq softirq steal …
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return new MachineCpu(TimeSpan.FromSeconds((total - idle) / ProcStats.TicksPerSecond), TimeSpan.FromSeconds(total / ProcStats.TicksPerSecond));
    }

    public static MachineCpu operator -(MachineCpu after, MachineCpu before) => new(after.Busy - before.Busy, after.Total - before.Total);

    /// <summary>The share of all cores' time that was busy.</summary>
    public double BusyShare => Total > TimeSpan.Zero ? Busy / Total : 0;
}
