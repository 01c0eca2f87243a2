using System.Runtime.InteropServices;

namespace DbLogs.Cli.Commands;

/// <summary>The ahead-of-time compiled agent (src/DbLogs.Agent), which the build puts next to dblogs.</summary>
internal static class NativeAgent
{
    public const string FileName = "dblogs-agent";

    public static string? Find()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        return OperatingSystem.IsLinux() && File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Replaces this process with the native agent (<c>execv</c>): the process id, its parent, standard streams and
    /// signals stay the same, so a service manager supervising <c>dblogs agent</c> supervises the native agent.
    /// </summary>
    /// <returns>Only when the exec failed: its errno. (LPStr is UTF-8 on Linux.)</returns>
    public static int Exec(string path, string configPath)
    {
        string?[] argv = [path, "--config", Path.GetFullPath(configPath), null];
        return ExecV(path, argv) == -1 ? Marshal.GetLastPInvokeError() : 0;
    }

    [DllImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static extern int ExecV(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv);
}
