using DbLogs.Core.Files;

namespace DbLogs.Server.Hosting;

/// <summary>
/// A process's exclusive hold on a data directory: an OS lock (flock on Unix) on its <c>dblogs.lock</c> file, taken by
/// <c>serve</c> for its lifetime and by <c>admin migrate-store</c> for the copy, so a second service or a migration never
/// runs beside a service on the same streams and store. The OS drops the lock when the process ends, however it ends
/// (a SIGKILL too), so a crash leaves nothing to clean up; the file itself stays.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "dblogs.lock";

    // What the lock attempt fails with when another process holds it: EWOULDBLOCK (Linux, macOS) or a sharing violation (Windows).
    private static readonly int[] HeldErrors = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock on <paramref name="root"/> (an existing directory), or refuses when another process holds it.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the directory.</exception>
    public static DataDirectoryLock Acquire(string root)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly.FilePermissions;
        }

        try
        {
            return new DataDirectoryLock(new FileStream(Path.Combine(root, FileName), options));
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException) && HeldErrors.Contains(ex.HResult))
        {
            throw new InvalidOperationException(
                $"the data directory {root} is in use by another dblogs process (a running dblogs serve, or admin migrate-store): " +
                "stop the service first; two processes on one data directory would damage its store and streams.", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
