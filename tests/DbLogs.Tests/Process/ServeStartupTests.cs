using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Process;

/// <summary><c>dblogs serve</c> as an operator starts it: bootstrap validation, idempotent restarts, HTTPS, DBLOGS_DATA.</summary>
public partial class ServeStartupTests
{
    private const string RedislogPath =
        $"/v2/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.RedisInstanceId}/redislog?offset=0&limit=10&log_type=run";

    [GeneratedRegex(@"Bootstrap .+ applied: (\d+) change\(s\)")]
    private static partial Regex BootstrapApplied();

    private static int ChangesApplied(string stdout)
    {
        var match = BootstrapApplied().Match(stdout);
        Assert.True(match.Success, $"no bootstrap summary in:\n{stdout}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Invalid_bootstrap_stops_the_start_up_and_names_the_key()
    {
        var result = await ServeProcess.RunToExitAsync(
            new ServeOptions { BootstrapJson = ProcessBootstrap.Json(replicaPort: 70000) }, TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("projects[0].instances[0].shards[0].replicas[0].port", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bootstrap_error_is_printed_naming_its_key_without_a_stack_trace()
    {
        var json = ProcessBootstrap.Json(replicaPort: 70000)
            .Replace("\"name\": \"alice\"", "\"name\": \"..\"", StringComparison.Ordinal)
            .Replace("\"time_zone\": \"Europe/Berlin\"", "\"time_zone\": \"Mars/Olympus\"", StringComparison.Ordinal);
        var result = await ServeProcess.RunToExitAsync(new ServeOptions { BootstrapJson = json }, TimeSpan.FromSeconds(20));

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("dblogs: the bootstrap file is invalid: projects[0].", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("users[0].name", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("replicas[0].port", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("nodes[0].time_zone", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_already_taken_stops_the_start_up_with_one_clear_error_and_no_failed_background_service()
    {
        using var holder = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var result = await ServeProcess.RunToExitAsync(
            new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), ExtraArgs = [$"urls={url}"] }, TimeSpan.FromSeconds(30));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"dblogs: cannot start: Failed to bind to address {url}: address already in use.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("choose another address with --urls", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("BackgroundService failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal); // no stack trace
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Same_bootstrap_on_a_second_start_changes_nothing_and_credentials_still_work()
    {
        using var files = new TempDirectory();
        var options = new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), DataDirectory = files.File("data") };

        await using (var first = await ServeProcess.StartAsync(options))
        {
            Assert.True(ChangesApplied(await first.WaitForStdoutAsync("applied:")) > 0);
        }

        await using var second = await ServeProcess.StartAsync(options);
        Assert.Equal(0, ChangesApplied(await second.WaitForStdoutAsync("applied:")));

        // The user's password and the access key's SK (encrypted under the master key file) survived the restart.
        var tokenResponse = await second.Client.PostAsync(new Uri("/v3/auth/tokens", UriKind.Relative),
            TestApp.TokenRequest(ProcessBootstrap.UserName, ProcessBootstrap.Password, ProcessBootstrap.ProjectId));
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, RedislogPath);
        withToken.Headers.Add("X-Auth-Token", tokenResponse.Headers.GetValues("X-Subject-Token").Single());
        Assert.Equal(HttpStatusCode.NoContent, (await second.Client.SendAsync(withToken)).StatusCode);

        using var signed = new HttpRequestMessage(HttpMethod.Get, new Uri(RedislogPath, UriKind.Relative));
        RequestSigner.Sign(signed, ProcessBootstrap.Ak, ProcessBootstrap.Sk, ProcessBootstrap.ProjectId, DateTimeOffset.UtcNow, string.Empty);
        Assert.Equal(HttpStatusCode.NoContent, (await second.Client.SendAsync(signed)).StatusCode);
    }

    [Fact]
    public async Task Https_with_a_configured_certificate_serves_that_certificate()
    {
        using var files = new TempDirectory();
        const string password = "pfx-test-password";
        var (pfx, thumbprint) = CreateLoopbackCertificate(files.File("server.pfx"), password);
        string? presented = null;

        await using var service = await ServeProcess.StartAsync(new ServeOptions
        {
            Scheme = "https",
            ExtraArgs = [$"--Kestrel:Certificates:Default:Path={pfx}", $"--Kestrel:Certificates:Default:Password={password}"],
            Handler = () => new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        presented = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
                        return presented == thumbprint;
                    },
                },
            },
        });

        var health = await service.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await health.Content.ReadFromJsonAsync<HealthBody>())?.Status);
        Assert.Equal(thumbprint, presented);
        Assert.StartsWith("https://", service.BaseUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dblogs_data_environment_variable_selects_the_data_directory()
    {
        using var files = new TempDirectory();
        var data = files.File("env-data");

        await using var service = await ServeProcess.StartAsync(new ServeOptions { DataDirectory = data, DataFromEnvironment = true });

        Assert.True(File.Exists(Path.Combine(data, "admin.key")), $"no admin.key in {data}");
        Assert.False(Directory.Exists(Path.Combine(service.WorkingDirectory, "data")), "the default ./data was used instead");
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (SAN IP), exported as a password-protected PFX; returns its SHA-256 thumbprint.</summary>
    private static (string Path, string Thumbprint) CreateLoopbackCertificate(string path, string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    private sealed record HealthBody(string Status);
}
