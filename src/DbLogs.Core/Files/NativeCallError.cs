using System.Runtime.InteropServices;

namespace DbLogs.Core.Files;

/// <summary>The error of a failed libc file call, with errno's text.</summary>
public static class NativeCallError
{
    public static IOException For(string call, string path, int errno) =>
        new($"{call}({path}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
}
