using Microsoft.Data.Sqlite;

namespace DbLogs.Server.Hosting;

/// <summary>Recognises a write that failed because the data directory's file system has no space left.</summary>
public static class StorageFull
{
    private const int SqliteFull = 13; // SQLITE_FULL: "database or disk is full"
    private const int SqliteIoError = 10; // SQLITE_IOERR: what SQLite reports when growing its -shm or -wal hits ENOSPC
    private const int NoSpaceErrno = 28; // ENOSPC on Linux; .NET puts errno into IOException.HResult on Unix

    /// <summary>SQLITE_FULL or ENOSPC anywhere in the exception's chain.</summary>
    public static bool Is(Exception? error) => Find(error) is not null;

    /// <summary>
    /// <see cref="Is(Exception?)"/>, or an SQLite I/O error while <paramref name="directory"/>'s file system has no room left:
    /// SQLite does not say which errno made a write of its shared-memory or log file fail, so the free space decides.
    /// </summary>
    public static bool Is(Exception? error, string directory) =>
        Is(error) || (Chain(error).Any(e => e is SqliteException { SqliteErrorCode: SqliteIoError }) && AvailableBytes(directory) < NoRoomBytes);

    /// <summary>Bytes an unprivileged writer may still use on the file system of <paramref name="directory"/>.</summary>
    public static long AvailableBytes(string directory)
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue; // unknown: let the writes say
        }
    }

    /// <summary>Below this much free space a file system counts as full (a page of SQLite's log is 4 KiB, its index grows by 32 KiB).</summary>
    public const long NoRoomBytes = 64 << 10;

    /// <summary>The message of the error that says the disk is full, for operators.</summary>
    public static string Describe(Exception error) => (Find(error) ?? Chain(error).Last()).Message;

    private static Exception? Find(Exception? error) =>
        Chain(error).FirstOrDefault(e => e is SqliteException { SqliteErrorCode: SqliteFull } || (e is IOException && e.HResult == NoSpaceErrno));

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }
}
