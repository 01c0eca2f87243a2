using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Cli.Rds;

/// <summary>
/// A minimal client of the cloud-compatible routes, signing each request with SDK-HMAC-SHA256 the way the official
/// SDKs do (host, x-project-id, x-sdk-date). Errors come back as the API's error_code and error_msg.
/// </summary>
internal sealed class RdsCloudClient(Uri server, string projectId, string ak, string sk, HttpMessageHandler handler) : IDisposable
{
    private readonly HttpClient _http = new(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(100) };

    public string ProjectId => projectId;

    /// <summary>A path under the server (a reverse proxy's prefix kept).</summary>
    public Uri Url(string pathAndQuery) => new(server.AbsoluteUri.TrimEnd('/') + pathAndQuery);

    public async Task<CloudResponse> SendAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Url(pathAndQuery));
        var body = json ?? "";
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        Sign(request, body);
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement? parsed = null;
        try
        {
            parsed = string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        if (response.IsSuccessStatusCode && parsed is { } ok)
        {
            return new CloudResponse(ok, null);
        }

        var code = parsed is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("error_code", out var c) ? c.GetString() : null;
        var message = parsed is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("error_msg", out var msg) ? msg.GetString() : null;
        return new CloudResponse(null, $"{code ?? "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}: {message ?? response.ReasonPhrase}");
    }

    /// <summary>Streams an unsigned URL (a signed download link) into <paramref name="output"/>.</summary>
    public async Task DownloadAsync(Uri link, Stream output, CancellationToken ct)
    {
        using var response = await _http.GetAsync(link, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var input = await response.Content.ReadAsStreamAsync(ct);
        await input.CopyToAsync(output, ct);
    }

    private void Sign(HttpRequestMessage request, string body)
    {
        var uri = request.RequestUri!;
        var host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var date = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Host = host;
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", projectId);
        string[] signed = ["host", "x-project-id", "x-sdk-date"];
        var values = new Dictionary<string, string> { ["host"] = host, ["x-project-id"] = projectId, ["x-sdk-date"] = date };
        var canonical = SdkSignature.CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed,
            name => [values[name]], SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(body)));
        var signature = SdkSignature.Sign(sk, SdkSignature.StringToSign(date, canonical));
        request.Headers.Authorization = new AuthenticationHeaderValue(SdkSignature.Algorithm,
            $"Access={ak}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The parsed JSON body of a success, or a one-line error.</summary>
internal sealed record CloudResponse(JsonElement? Body, string? Error);
