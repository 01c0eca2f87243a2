using System.Security.Cryptography;
using System.Text;
using DbLogs.Server.Hosting;
using DbLogs.Server.Secrets;

namespace DbLogs.Server.Admin;

/// <summary>The admin key, generated on first start into an owner-only file in the data directory.</summary>
public sealed class AdminCredentials(DataDirectory data)
{
    private readonly Lazy<byte[]> _key = new(() => Encoding.UTF8.GetBytes(KeyFiles.ReadOrCreate(data.AdminKeyPath, KeyFiles.NewAdminKey)));

    public void EnsureCreated() => _ = _key.Value;

    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key.Value);
}
