using System.Runtime.InteropServices;

namespace DbLogs.Core.Files;

/// <summary>
/// Files that survive a crash or power loss whole: a replacement is written under a temporary name, synced, renamed
/// over the old file, and the directory is synced, since a rename or a new file is durable only once its directory is.
/// A crash leaves the old file or the new one, never a mix.
/// </summary>
public static class DurableFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> produces.</summary>
    public static void Replace(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var temp = fullPath + TempSuffix;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> produces; returns the new file's length.</summary>
    public static async Task<long> ReplaceAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var temp = fullPath + TempSuffix;
        long length;
        try
        {
            await using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 1 << 16,
            }))
            {
                await write(stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(fullPath)!);
        return length;
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

    private static IOException Error(string call, string path, int errno) =>
        new($"{call}({path}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");

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
