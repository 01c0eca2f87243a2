using DbLogs.Server.Secrets;

namespace DbLogs.Server.Hosting;

/// <summary>The data directory and the files the service keeps in it.</summary>
public sealed class DataDirectory
{
    public DataDirectory(DbLogsOptions options)
    {
        Root = Path.GetFullPath(options.Data);
        if (!Directory.Exists(Root))
        {
            // Owner-only: the directory holds the store and the key files.
            _ = OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(Root)
                : Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "dblogs.db");

    public string AdminKeyPath => Path.Combine(Root, KeyFiles.AdminKeyFileName);

    public string MasterKeyPath => Path.Combine(Root, KeyFiles.MasterKeyFileName);
}
