using System.Globalization;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// Signs each request with <c>SDK-HMAC-SHA256</c> the way the official SDKs do: <c>Host</c>, <c>X-Sdk-Date</c> and
/// <c>X-Project-Id</c> signed over the body's SHA-256. Requests marked <see cref="Unsigned"/> (pre-signed download
/// links) go out as they are.
/// </summary>
public sealed class SigningHandler(CloudCredentials credentials, TimeProvider clock) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<bool> Unsigned = new("dblogs.unsigned");

    private static readonly string[] SignedHeaders = ["host", "x-project-id", "x-sdk-date"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(Unsigned, out var unsigned) || !unsigned)
        {
            await SignAsync(request, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task SignAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var date = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Host = host;
        request.Headers.Remove("X-Sdk-Date");
        request.Headers.Remove("X-Project-Id");
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", credentials.ProjectId);
        var values = new Dictionary<string, string> { ["host"] = host, ["x-project-id"] = credentials.ProjectId, ["x-sdk-date"] = date };
        var canonical = CanonicalRequest.Build(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), SignedHeaders,
            name => [values[name]], SdkSignature.LowerHexSha256(body));
        var signature = SdkSignature.Sign(credentials.SecretKey, SdkSignature.StringToSign(date, canonical));
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SdkSignature.Algorithm} Access={credentials.AccessKey}, SignedHeaders={string.Join(';', SignedHeaders)}, Signature={signature}");
    }
}
