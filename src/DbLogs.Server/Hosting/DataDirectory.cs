using DbLogs.Core.Files;
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
            OwnerOnly.CreateDirectory(Root);
            return;
        }

        PermissionsTightened = DataDirectoryPermissions.Tighten(Root);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "dblogs.db");

    public string AdminKeyPath => Path.Combine(Root, KeyFiles.AdminKeyFileName);

    public string MasterKeyPath => Path.Combine(Root, KeyFiles.MasterKeyFileName);

    /// <summary>How many entries (the directory included) were readable by others at start and are owner-only now.</summary>
    public int PermissionsTightened { get; }
}
