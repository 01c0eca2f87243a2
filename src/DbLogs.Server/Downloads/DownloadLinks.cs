using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DbLogs.Server.Secrets;
using Microsoft.AspNetCore.WebUtilities;

namespace DbLogs.Server.Downloads;

/// <summary>
/// Signed, expiring links to this service's download route, shared by the DCS and RDS APIs. A link names the area,
/// the file id, the file name and the expiry, and carries an HMAC-SHA256 of them under a key derived from the master key,
/// so it works without other credentials and cannot be altered or extended.
/// </summary>
public sealed class DownloadLinks
{
    public const string RoutePrefix = "/download/v1";

    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly string? _publicUrl;

    public DownloadLinks(DbLogsOptions options, MasterKey masterKey, TimeProvider clock)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Bytes, 32, info: "dblogs download links"u8.ToArray());
        _clock = clock;
        _publicUrl = string.IsNullOrEmpty(options.PublicUrl) ? null : options.PublicUrl.TrimEnd('/');
    }

    /// <summary>A link valid for <paramref name="lifetime"/>, rooted at <see cref="LinkBase"/>.</summary>
    public string Create(HttpRequest request, string area, string id, string fileName, TimeSpan lifetime)
    {
        var expires = (_clock.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        return $"{LinkBase.For(request, _publicUrl)}{RoutePrefix}/{area}/{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(fileName)}"
               + $"?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Sign(area, id, fileName, expires)}";
    }

    /// <summary>True when the signature matches and the link has not expired.</summary>
    public bool IsValid(string area, string id, string fileName, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt) || signature is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(area, id, fileName, expiresAt));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) && _clock.GetUtcNow().ToUnixTimeSeconds() < expiresAt;
    }

    private string Sign(string area, string id, string fileName, long expires)
    {
        var message = Encoding.UTF8.GetBytes($"{area}\n{id}\n{fileName}\n{expires.ToString(CultureInfo.InvariantCulture)}");
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, message));
    }
}
