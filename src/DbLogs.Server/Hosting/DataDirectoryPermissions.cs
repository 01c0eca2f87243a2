using DbLogs.Core.Files;

namespace DbLogs.Server.Hosting;

/// <summary>Brings a data directory made by someone else (e.g. <c>mkdir</c> with umask 022) or an older version to owner-only.</summary>
public static class DataDirectoryPermissions
{
    /// <summary>Sets the directory to 0700 and everything in it to 0700 (directories) or 0600 (files); returns how many it changed.
    /// Symbolic links are left alone: their targets are not the service's.</summary>
    public static int Tighten(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        var changed = Restrict(root, OwnerOnly.DirectoryPermissions) ? 1 : 0;
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", walk))
        {
            if (Restrict(entry.FullName, entry is DirectoryInfo ? OwnerOnly.DirectoryPermissions : OwnerOnly.FilePermissions))
            {
                changed++;
            }
        }

        return changed;
    }

    private static bool Restrict(string path, UnixFileMode wanted)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~wanted) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, mode & wanted);
        return true;
    }
}
