using System.Runtime.InteropServices;

namespace DbLogs.Core.Files;

/// <summary>
/// Files that survive a crash or power loss whole: the content is written under a temporary name, synced, renamed
/// into place, and the directory is synced, since a rename or a new file is durable only once its directory is.
/// A crash leaves the old file (or none) or the new one, never a mix.
/// </summary>
public static class DurableFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> produces, owner-only on Unix.</summary>
    public static void Replace(string path, Action<Stream> write) => Write(path, write, overwrite: true, mode: OwnerOnly.FilePermissions);

    /// <summary>Creates <paramref name="path"/> with what <paramref name="write"/> produces and, on Unix, permissions
    /// <paramref name="mode"/>.</summary>
    /// <exception cref="IOException">The path exists (also when another process created it meanwhile).</exception>
    public static void Create(string path, Action<Stream> write, UnixFileMode mode) => Write(path, write, overwrite: false, mode);

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> produces, owner-only on Unix; returns the new file's length.</summary>
    public static async Task<long> ReplaceAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var temp = fullPath + TempSuffix;
        long length;
        try
        {
            await using (var stream = new FileStream(temp, OwnerOnly.WriteOptions(FileMode.Create, bufferSize: 1 << 16, options: FileOptions.Asynchronous)))
            {
                await write(stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }

            MoveIntoPlace(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return length;
    }

    private static void Write(string path, Action<Stream> write, bool overwrite, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var temp = fullPath + TempSuffix;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temp, fullPath, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void MoveIntoPlace(string temp, string fullPath, bool overwrite)
    {
        File.Move(temp, fullPath, overwrite);
        SyncDirectory(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Makes the directory's entries (files created, renamed or removed in it) durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(directory, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
            return;
        }

        // .NET opens no directory on Linux (EACCES), so this goes to glibc.
        var fd = Open(directory, O_RDONLY | ODirectory | O_CLOEXEC);
        if (fd < 0)
        {
            throw NativeCallError.For("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw NativeCallError.For("fsync", directory, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // the original failure matters more
        }
    }

    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    // O_DIRECTORY differs between the two ABIs.
    private static int ODirectory => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
