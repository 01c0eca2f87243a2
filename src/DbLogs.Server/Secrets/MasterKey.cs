using DbLogs.Server.Hosting;

namespace DbLogs.Server.Secrets;

/// <summary>The 32-byte key the at-rest secrets and the download-link key derive from; loaded once per service.</summary>
public sealed class MasterKey
{
    private MasterKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    /// <summary>The configured key, or the one in the data directory, generated on first start.</summary>
    public static MasterKey Load(DbLogsOptions options, DataDirectory data)
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

        return key.Length == 32 ? new MasterKey(key) : throw new InvalidOperationException("MasterKey must be the base64 form of 32 bytes.");
    }
}
