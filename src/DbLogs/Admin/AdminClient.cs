using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DbLogs.Cli.Cloud;

namespace DbLogs.Cli.Admin;

/// <summary>
/// A thin client of the admin API (<c>/admin/v1</c>): sends the admin key, answers the parsed JSON body or the
/// API's error, and turns an unreachable server into an <see cref="AdminCliException"/> with a one-line reason.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private const string AdminKeyHeader = "X-Admin-Key";

    private readonly HttpClient _http;
    private readonly string _adminKey;
    private readonly string _adminKeySource;

    /// <param name="adminKeySource">Where the key came from (<c>option --admin-key</c>, an environment variable, a file), for a 401.</param>
    public AdminClient(Uri server, string adminKey, string adminKeySource, HttpMessageHandler handler, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _adminKey = adminKey;
        _adminKeySource = adminKeySource;

        // A trailing slash keeps a path prefix (a reverse proxy's /dblogs/) when the relative routes are resolved.
        var baseAddress = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("dblogs-cli");
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    public Uri Server { get; }

    /// <summary>The server as the user wrote it, for messages.</summary>
    public string ServerText => Server.AbsoluteUri.TrimEnd('/');

    public Task<AdminResponse> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    /// <summary>POSTs <paramref name="json"/> (or no body at all when it is <c>null</c>).</summary>
    public Task<AdminResponse> PostAsync(string path, string? json, CancellationToken ct) => SendAsync(HttpMethod.Post, path, json, ct);

    public Task<AdminResponse> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>The path of a route under <c>admin/v1</c> from its segments, each escaped.</summary>
    public static string Route(params string[] segments) => "admin/v1/" + string.Join('/', segments.Select(PathSegment.Escape));

    public void Dispose() => _http.Dispose();

    private async Task<AdminResponse> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation(AdminKeyHeader, _adminKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, ct);
            text = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            throw new AdminCliException(AdminExitCodes.Usage, $"cannot reach {ServerText}: {Describe(ex)}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new AdminCliException(AdminExitCodes.Usage,
                $"cannot reach {ServerText}: no answer within {_http.Timeout.TotalSeconds:0} seconds");
        }

        using (response)
        {
            var answer = Parse(response, text);
            return answer.Error is { Status: 401 } refused
                ? new AdminResponse(answer.Status, null,
                    refused with { Message = $"{refused.Message} (called {ServerText} with the admin key from {_adminKeySource})" })
                : answer;
        }
    }

    private static AdminResponse Parse(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        JsonDocument? document = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // Not the API (a proxy's HTML page, another service on that port): reported below.
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return document is not null || string.IsNullOrWhiteSpace(text)
                ? new AdminResponse(status, document, null)
                : new AdminResponse(status, null, new AdminApiError(status, $"HTTP {status}", "the answer is not JSON; is --endpoint a DbLogs service?"));
        }

        using (document)
        {
            return new AdminResponse(status, null, ErrorOf(status, response.ReasonPhrase, document));
        }
    }

    private static AdminApiError ErrorOf(int status, string? reason, JsonDocument? document)
    {
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } body)
        {
            if (body.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = body.TryGetProperty("error_msg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null;
                return new AdminApiError(status, code.GetString()!, message ?? reason ?? "");
            }

            if (body.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                return new AdminApiError(status, $"HTTP {status}", title.GetString()!);
            }
        }

        return new AdminApiError(status, $"HTTP {status}", string.IsNullOrEmpty(reason) ? "the request failed" : reason);
    }

    /// <summary>One line saying why the server could not be reached.</summary>
    private static string Describe(HttpRequestException ex)
    {
        var socket = FindInner<SocketException>(ex);
        var reason = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
            SocketError.TimedOut => "connection timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to host",
            SocketError.ConnectionReset => "connection reset",
            _ => null,
        };
        reason ??= ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "unknown host",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "the server closed the connection",
            HttpRequestError.InvalidResponse => "the answer is not HTTP",
            _ => null,
        };
        if (reason is not null)
        {
            return reason;
        }

        Exception innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return OneLine(innermost.Message);
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}

/// <summary>The API's answer: the JSON body (none for 204) or the error it reported.</summary>
internal sealed class AdminResponse(int status, JsonDocument? document, AdminApiError? error) : IDisposable
{
    public int Status => status;

    public JsonDocument? Document => document;

    public AdminApiError? Error => error;

    public bool IsSuccess => error is null;

    /// <summary>The body; throws the API's error as an <see cref="AdminCliException"/> (exit code 1).</summary>
    public JsonElement? EnsureSuccess()
    {
        if (error is not null)
        {
            throw new AdminCliException(AdminExitCodes.ApiError, $"{error.Code}: {error.Message}");
        }

        return document?.RootElement;
    }

    public void Dispose() => document?.Dispose();
}

/// <summary>An error as the API reported it (<c>{"error_code","error_msg"}</c>) or, failing that, as HTTP did.</summary>
internal sealed record AdminApiError(int Status, string Code, string Message);
