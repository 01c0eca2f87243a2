using System.Runtime.InteropServices;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// The few glibc calls .NET does not expose: dev+inode (<c>stat</c>, <c>fstat</c>; exported as real symbols
/// since glibc 2.33).
/// </summary>
internal static class Libc
{
    // struct stat is 144 bytes on x86_64 and 128 on aarch64; both start with st_dev and st_ino (8 bytes each)
    // and have st_size at byte 48.
    public const int StatBufferSize = 256;
    public const int DeviceOffset = 0;
    public const int InodeOffset = 8;
    public const int SizeOffset = 48;

    public const int ENOENT = 2;
    public const int ENOTDIR = 20;

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static extern int FStat(int fd, [Out] byte[] buffer);

    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux() ||
            RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            throw new PlatformNotSupportedException("File identities (dev+inode) are read with glibc on Linux x86_64 and aarch64 only.");
        }
    }
}
