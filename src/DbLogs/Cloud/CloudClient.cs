using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Cli.Admin;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// A client of the cloud-compatible APIs (DCS v2, RDS v3) signed with AK/SK: answers the parsed JSON body (null for
/// an empty 204), turns the API's error envelope into a <see cref="CloudCliException"/> carrying
/// <c>error_code: error_msg</c>, and an unreachable endpoint into a one-line reason.
/// </summary>
public sealed class CloudClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _verbose;

    /// <param name="sources">Where each credential came from, named in the message of a refused request.</param>
    /// <param name="verbose">Whether errors keep the API's full detail (the canonical request of a signature mismatch).</param>
    public CloudClient(Uri endpoint, CloudCredentials credentials, CredentialSources sources, bool verbose, HttpMessageHandler handler,
        TimeProvider clock, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        Credentials = credentials;
        Sources = sources;
        _verbose = verbose;
        var baseAddress = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _http = new HttpClient(new SigningHandler(credentials, clock) { InnerHandler = handler }, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("dblogs-cli");
    }

    public Uri Endpoint { get; }

    public CloudCredentials Credentials { get; }

    public CredentialSources Sources { get; }

    /// <summary>The endpoint as the user wrote it, for messages.</summary>
    public string EndpointText => Endpoint.AbsoluteUri.TrimEnd('/');

    /// <summary>GET of a path relative to the endpoint (no leading '/'), with its query.</summary>
    public Task<JsonDocument?> GetAsync(string pathAndQuery, CancellationToken ct) => SendAsync(HttpMethod.Get, pathAndQuery, null, ct);

    /// <summary>POST as the SDKs send it: a JSON body, or an empty one with a JSON content type.</summary>
    public Task<JsonDocument?> PostAsync(string pathAndQuery, string? json, CancellationToken ct) => SendAsync(HttpMethod.Post, pathAndQuery, json ?? string.Empty, ct);

    /// <summary>PUT with a JSON body.</summary>
    public Task<JsonDocument?> PutAsync(string pathAndQuery, string json, CancellationToken ct) => SendAsync(HttpMethod.Put, pathAndQuery, json, ct);

    /// <summary>Fetches a pre-signed link (not signed again) and hands the open response to <paramref name="read"/>.</summary>
    public Task<T> DownloadAsync<T>(string link, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link, UriKind.Absolute));
        request.Options.Set(SigningHandler.Unsigned, true);
        return OpenAsync(request, read, ct);
    }

    /// <summary>Signed GET of a path whose answer does not end by itself (the live tail): hands the open response to <paramref name="read"/>.</summary>
    public Task<T> StreamAsync<T>(string pathAndQuery, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct) =>
        OpenAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative)), read, ct);

    private async Task<T> OpenAsync<T>(HttpRequestMessage message, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var request = message;
        using var response = await Reach(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct), ct);
        if (!response.IsSuccessStatusCode)
        {
            throw ErrorOf(response, await response.Content.ReadAsStringAsync(ct));
        }

        return await read(response);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument?> SendAsync(HttpMethod method, string pathAndQuery, string? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Reach(() => _http.SendAsync(request, ct), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw ErrorOf(response, text);
        }

        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw new CloudCliException(AdminExitCodes.ApiError, $"HTTP {(int)response.StatusCode}: the answer is not JSON; is the endpoint a DbLogs service?");
        }
    }

    private async Task<HttpResponseMessage> Reach(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new CloudCliException(AdminExitCodes.Usage, $"cannot reach {EndpointText}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CloudCliException(AdminExitCodes.Usage,
                $"cannot reach {EndpointText}: no answer within {_http.Timeout.TotalSeconds:0} seconds");
        }
    }

    private CloudCliException ErrorOf(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement is { ValueKind: JsonValueKind.Object } body &&
                body.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = body.TryGetProperty("error_msg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;
                return new CloudCliException(status, code.GetString()!, ApiErrorExplanation.Explain(status, code.GetString()!, message, this, _verbose));
            }
        }
        catch (JsonException)
        {
            // Not the API's envelope: reported by status below.
        }

        var reason = response.StatusCode == HttpStatusCode.NotFound ? "not found" : response.ReasonPhrase ?? "the request failed";
        return new CloudCliException(AdminExitCodes.ApiError, $"HTTP {status}: {reason}");
    }
}
