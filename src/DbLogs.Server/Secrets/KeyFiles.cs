using System.Security.Cryptography;
using System.Text;
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
        DurableFile.Create(path, stream => stream.Write(Encoding.UTF8.GetBytes(value)), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }

    public static string NewAdminKey() => "dbla_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
