using System.Net.Sockets;
using Npgsql;

namespace DbLogs.Server.Hosting;

/// <summary>Recognises a request that failed because the PostgreSQL store could not be reached (down, restarting, refusing).</summary>
public static class StoreUnavailable
{
    /// <summary>How long a client should wait before it tries again.</summary>
    public const string RetryAfterSeconds = "5";

    // The server closing sessions as it stops (pg_ctl stop, a crash of another backend) or while it starts.
    private const string ShuttingDown = "57P01";
    private const string CrashShutdown = "57P02";
    private const string CannotConnectNow = "57P03";

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: ShuttingDown or CrashShutdown or CannotConnectNow }
                || (e is NpgsqlException && e.InnerException is SocketException or IOException or TimeoutException))
            {
                return true;
            }
        }

        return false;
    }
}
