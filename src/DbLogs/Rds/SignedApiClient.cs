using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Cli.Rds;

/// <summary>The cloud API's answer: status and parsed JSON body (or the raw text when it is not JSON).</summary>
internal sealed record SignedApiResponse(int Status, JsonElement? Body, string Text)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>"DBS.xxx: message" from the API's error body, or the status and text.</summary>
    public string Error => Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("error_code", out var code)
        ? $"{code.GetString()}: {(body.TryGetProperty("error_msg", out var msg) ? msg.GetString() : string.Empty)}"
        : $"HTTP {Status.ToString(CultureInfo.InvariantCulture)} {Text}";
}

/// <summary>
/// A minimal AK/SK (SDK-HMAC-SHA256) client for the cloud-compatible routes, signing what the official SDKs sign:
/// host, x-project-id and x-sdk-date. TEMPORARY on this branch: the shared signed client of the <c>rds</c>/<c>dcs</c>
/// CLI groups replaces it when the branches are merged.
/// </summary>
internal sealed class SignedApiClient(Uri server, string projectId, string ak, string sk, HttpMessageHandler handler) : IDisposable
{
    private readonly HttpClient _http = new(handler, disposeHandler: true)
    {
        BaseAddress = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public string ProjectId => projectId;

    public async Task<SignedApiResponse> SendAsync(HttpMethod method, string relativePath, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, relativePath));
        var uri = request.RequestUri!;
        var body = json ?? string.Empty;
        var date = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Host = host;
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", projectId);
        string[] signed = ["host", "x-project-id", "x-sdk-date"];
        var values = new Dictionary<string, string> { ["host"] = host, ["x-project-id"] = projectId, ["x-sdk-date"] = date };
        var canonical = SdkSignature.CanonicalRequest(method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed,
            name => [values[name]], SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(body)));
        var signature = SdkSignature.Sign(sk, SdkSignature.StringToSign(date, canonical));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SdkSignature.Algorithm} Access={ak}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? parsed = null;
            try
            {
                parsed = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                // Not JSON: reported as text.
            }

            return new SignedApiResponse((int)response.StatusCode, parsed, text);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return new SignedApiResponse(0, null, $"cannot reach {server.AbsoluteUri.TrimEnd('/')}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SignedApiResponse(0, null, $"{server.AbsoluteUri.TrimEnd('/')} did not answer within 30 s");
        }
    }

    public void Dispose() => _http.Dispose();
}
