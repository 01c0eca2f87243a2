using System.Runtime.InteropServices;

namespace DbLogs.Core.Files;

/// <summary>
/// Permissions of everything in the data directory: the store, streams and files hold secrets and SQL text, so only
/// the service's user may read them (files 0600, directories 0700). Windows keeps its inherited ACLs.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory and any missing parents, owner-only.</summary>
    public static DirectoryInfo CreateDirectory(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, DirectoryPermissions);

    /// <summary>Options that open (and, when missing, create owner-only) a file to write.</summary>
    public static FileStreamOptions WriteOptions(FileMode mode, FileShare share = FileShare.None, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open && mode != FileMode.Truncate)
        {
            result.UnixCreateMode = FilePermissions;
        }

        return result;
    }

    /// <summary>Creates an empty owner-only file unless one exists (SQLite then gives its -wal and -shm files the same mode).</summary>
    public static void EnsureFile(string path)
    {
        using var _ = new FileStream(path, WriteOptions(FileMode.OpenOrCreate, FileShare.ReadWrite));
    }

    /// <summary>
    /// Masks group and other bits from every file and directory the process creates from now on (umask 077): a
    /// belt for files created by code that names no mode, e.g. libraries. Does nothing on Windows.
    /// </summary>
    public static void RestrictProcessUmask()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
