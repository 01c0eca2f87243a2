using System.Runtime.InteropServices;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// The few glibc calls .NET does not expose: dev+inode (<c>stat</c>, <c>fstat</c>; exported as real symbols
/// since glibc 2.33) and fsync of a directory, which <see cref="File.OpenHandle"/> refuses to open (EACCES).
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

    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static extern int FStat(int fd, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux() ||
            RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            throw new PlatformNotSupportedException("File identities (dev+inode) are read with glibc on Linux x86_64 and aarch64 only.");
        }
    }

    public static void FsyncDirectory(string directory)
    {
        EnsureSupported();
        // O_DIRECTORY differs between the two ABIs.
        var oDirectory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
        var fd = Open(directory, O_RDONLY | oDirectory | O_CLOEXEC);
        if (fd < 0)
        {
            throw Error("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw Error("fsync", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    public static IOException Error(string call, string path, int errno) =>
        new($"{call}({path}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
}
