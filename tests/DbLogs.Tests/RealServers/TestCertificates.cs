using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DbLogs.Tests.RealServers;

/// <summary>
/// A CA made for one server and a server certificate it signed for <c>localhost</c> and 127.0.0.1, as PEM files in
/// <see cref="Directory"/>: <see cref="CaFile"/>, <see cref="CertificateFile"/> and <see cref="KeyFile"/>.
/// </summary>
public sealed class TestCertificates
{
    public const string ServerName = "localhost";

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string CertificateFile => Path.Combine(Directory, "server.crt");

    public string KeyFile => Path.Combine(Directory, "server.key");

    /// <summary>Certificates <see cref="Create"/> wrote earlier.</summary>
    public static TestCertificates Open(string directory) => new(directory);

    public static TestCertificates Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=DbLogs test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={ServerName}", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var certificates = new TestCertificates(directory);
        File.WriteAllText(certificates.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(certificates.CertificateFile, server.ExportCertificatePem());
        File.WriteAllText(certificates.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (for the fixtures' own TLS connections).</summary>
    public bool Trusts(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(CaFile));
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
