using DbLogs.Server.Hosting;

namespace DbLogs.Server.Secrets;

public static class MasterKey
{
    /// <summary>The configured key, or the one in the data directory, generated on first start.</summary>
    public static byte[] Load(DbLogsOptions options, DataDirectory data)
    {
        var text = string.IsNullOrEmpty(options.MasterKey) ? KeyFiles.ReadOrCreate(data.MasterKeyPath, KeyFiles.NewMasterKey) : options.MasterKey;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("MasterKey must be the base64 form of 32 bytes.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException("MasterKey must be the base64 form of 32 bytes.");
    }
}
