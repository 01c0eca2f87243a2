using System.Net.Sockets;
using Npgsql;

namespace DbLogs.Server.Hosting;

/// <summary>Recognises a request that failed because the PostgreSQL store could not be reached (down, restarting, refusing).</summary>
public static class StoreUnavailable
{
    /// <summary>How long a client should wait before it tries again.</summary>
    public const string RetryAfterSeconds = "5";

    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } || (e is NpgsqlException && e.InnerException is SocketException or IOException or TimeoutException))
            {
                return true;
            }
        }

        return false;
    }
}
