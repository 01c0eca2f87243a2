using System.Security.Cryptography;
using DbLogs.Core.Files;

namespace DbLogs.Server.Secrets;

/// <summary>Key material generated on first start and kept in owner-only (0600) files in the data directory.</summary>
public static class KeyFiles
{
    public const string AdminKeyFileName = "admin.key";
    public const string MasterKeyFileName = "master.key";

    /// <summary>Reads the file, or creates it with <paramref name="create"/>'s content when it does not exist.</summary>
    public static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var value = create();
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(value);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: false);
        DurableFile.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!); // data encrypted with the key must not outlive it
        return value;
    }

    public static string NewAdminKey() => "dbla_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
