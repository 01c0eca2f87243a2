using System.Globalization;
using System.Text;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Tests.Support;

/// <summary>A client-side SDK-HMAC-SHA256 signer for tests, signing what the official .NET SDK signs.</summary>
public static class RequestSigner
{
    public static void Sign(HttpRequestMessage request, string ak, string sk, string projectId, DateTimeOffset now, string body)
    {
        var uri = new Uri("http://localhost" + request.RequestUri!.OriginalString);
        var date = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Host = "localhost";
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", projectId);
        string[] signed = ["host", "x-project-id", "x-sdk-date"];
        var values = new Dictionary<string, string> { ["host"] = "localhost", ["x-project-id"] = projectId, ["x-sdk-date"] = date };
        var canonical = CanonicalRequest.Build(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed,
            name => [values[name]], SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(body)));
        var signature = SdkSignature.Sign(sk, SdkSignature.StringToSign(date, canonical));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SdkSignature.Algorithm} Access={ak}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
    }
}
