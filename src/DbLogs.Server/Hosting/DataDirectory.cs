using DbLogs.Core.Files;
using DbLogs.Server.Secrets;

namespace DbLogs.Server.Hosting;

/// <summary>The data directory and the files the service keeps in it.</summary>
public sealed class DataDirectory
{
    /// <param name="options">Where the directory is.</param>
    /// <param name="holdsStore">False when the store is PostgreSQL: then no store file is expected beside the keys and streams.</param>
    public DataDirectory(DbLogsOptions options, bool holdsStore = true)
    {
        Root = Path.GetFullPath(options.Data);
        if (!Directory.Exists(Root))
        {
            // Owner-only: the directory holds the store and the key files.
            OwnerOnly.CreateDirectory(Root);
            return;
        }

        if (holdsStore)
        {
            RefuseIfStoreLost();
        }

        PermissionsTightened = DataDirectoryPermissions.Tighten(Root);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, DatabaseFileName);

    public string AdminKeyPath => Path.Combine(Root, KeyFiles.AdminKeyFileName);

    public string MasterKeyPath => Path.Combine(Root, KeyFiles.MasterKeyFileName);

    public string StreamsPath => Path.Combine(Root, "streams");

    /// <summary>How many entries (the directory included) were readable by others at start and are owner-only now.</summary>
    public int PermissionsTightened { get; }

    private const string DatabaseFileName = "dblogs.db";

    /// <summary>
    /// Streams or key files without the store mean the store was deleted or lost: starting would create an empty one
    /// and orphan them (the catalog of projects, keys and stored logs is in the store). Key files count even with no
    /// streams, since a start creates the store before any key file; keys provided from outside go in configuration.
    /// </summary>
    private void RefuseIfStoreLost()
    {
        if (File.Exists(DatabasePath))
        {
            return;
        }

        var left = new List<string>();
        if (Directory.Exists(StreamsPath) && Directory.EnumerateFileSystemEntries(StreamsPath).Any())
        {
            left.Add("streams/");
        }

        left.AddRange(new[] { AdminKeyPath, MasterKeyPath }.Where(File.Exists).Select(Path.GetFileName)!);
        if (left.Count > 0)
        {
            throw new InvalidOperationException(
                $"the store {DatabasePath} is missing but {Root} still holds {string.Join(", ", left)} from an earlier start; " +
                $"restore {DatabaseFileName} from a backup, or move the data directory aside to start with an empty one.");
        }
    }
}
