using System.Security.Cryptography;
using System.Text;

namespace DbLogs.Server.Secrets;

/// <summary>
/// Encrypts secrets that must be recoverable (access-key SKs, node passwords) with AES-256-GCM under the
/// master key. Layout: 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class SecretProtector(byte[] masterKey)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public string Unprotect(byte[] protectedSecret)
    {
        if (protectedSecret.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected secret is truncated.");
        }

        var plain = new byte[protectedSecret.Length - NonceSize - TagSize];
        using var aes = new AesGcm(masterKey, TagSize);
        aes.Decrypt(protectedSecret.AsSpan(0, NonceSize), protectedSecret.AsSpan(NonceSize + TagSize),
            protectedSecret.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
