using System.Globalization;

namespace DbLogs.Bench;

/// <summary>CPU time and resident memory of a process, from /proc.</summary>
internal static class ProcStats
{
    public const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan CpuTime(int pid)
    {
        var fields = Fields(pid);
        return Seconds(fields[11], fields[12]);
    }

    /// <summary>
    /// CPU time of a process and all its descendants, ended ones included (those its children and it waited for): a
    /// PostgreSQL postmaster and its backends, say. Zero for a process that has ended.
    /// </summary>
    public static TimeSpan TreeCpuTime(int pid)
    {
        string[] fields;
        try
        {
            fields = Fields(pid);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }

        var total = Seconds(fields[11], fields[12], fields[13], fields[14]);
        foreach (var child in Children(pid))
        {
            total += TreeCpuTime(child);
        }

        return total;
    }

    /// <summary>The file the process runs: <c>dblogs-agent</c> once <c>dblogs agent</c> replaced itself, else <c>dotnet</c>.</summary>
    public static string Program(int pid) => Path.GetFileName(new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "?");

    private static IEnumerable<int> Children(int pid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var candidate) && candidate != pid)
            {
                string[] fields;
                try
                {
                    fields = Fields(candidate);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue; // ended meanwhile
                }

                if (fields[1] == pid.ToString(CultureInfo.InvariantCulture))
                {
                    yield return candidate;
                }
            }
        }
    }

    // The fields after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime (proc(5)).
    private static string[] Fields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static TimeSpan Seconds(params string[] ticks) =>
        TimeSpan.FromSeconds(ticks.Sum(t => long.Parse(t, CultureInfo.InvariantCulture)) / TicksPerSecond);

    public static double RssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }
}
