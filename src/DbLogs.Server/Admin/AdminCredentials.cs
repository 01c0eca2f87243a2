using System.Security.Cryptography;
using System.Text;
using DbLogs.Server.Api;
using DbLogs.Server.Hosting;
using DbLogs.Server.Secrets;

namespace DbLogs.Server.Admin;

/// <summary>The admin key, generated on first start into an owner-only file in the data directory.</summary>
public sealed class AdminCredentials(DataDirectory data)
{
    private readonly Lazy<byte[]> _key = new(() => Encoding.UTF8.GetBytes(KeyFiles.ReadOrCreate(data.AdminKeyPath, KeyFiles.NewAdminKey)));

    public void EnsureCreated() => _ = _key.Value;

    /// <summary>Null when the request carries the key, byte for byte, in <c>X-Admin-Key</c> (the one form accepted); else the 401 to answer.</summary>
    public ApiError? Refusal(HttpRequest request)
    {
        var presented = request.Headers["X-Admin-Key"].ToString();
        return Matches(presented) ? null : presented.Length == 0 ? ServiceFamily.Instance.NoCredentials : ServiceFamily.Instance.InvalidToken;
    }

    private bool Matches(string presented) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key.Value);
}
