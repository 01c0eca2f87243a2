using System.Net;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// Watches every answer of the service for a refusal of the agent key itself (401/403: revoked or unknown; a 404 for a
/// node "of this instance": the key was issued for another instance) and then cancels <see cref="Rejected"/>, so the
/// agent stops with its own exit code instead of retrying forever.
/// </summary>
public sealed class KeyRejectionHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly CancellationTokenSource _rejected = new();

    public CancellationToken Rejected => _rejected.Token;

    /// <summary>The service's answer that rejected the key, once it did.</summary>
    public string? Reason { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotFound || body.Contains("of this instance", StringComparison.Ordinal))
            {
                Reason ??= $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
                await _rejected.CancelAsync();
            }
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rejected.Dispose();
        }

        base.Dispose(disposing);
    }
}
