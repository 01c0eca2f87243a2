using System.Diagnostics;
using System.Globalization;

namespace DbLogs.RealServers;

/// <summary>
/// Cleans up after a process that may end (or be killed) before its own exit handlers have run, as a test host does: a
/// detached shell waits for this process to end, then runs a script with the given arguments (<c>$2</c>, <c>$3</c>, …;
/// <c>$1</c> is this process's id).
/// </summary>
public static class Reaper
{
    public static void WhenThisProcessEnds(string name, string script, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        string[] all = ["/bin/sh", "-c", "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done\n" + script, name,
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), .. args];
        foreach (var arg in all)
        {
            info.ArgumentList.Add(arg);
        }

        using var _ = Process.Start(info) ?? throw new InvalidOperationException($"could not start the {name} shell");
    }
}
