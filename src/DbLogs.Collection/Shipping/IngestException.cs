using System.Net;

namespace DbLogs.Collection.Shipping;

/// <summary>The service refused or failed a batch; <see cref="Retryable"/> says whether sending again may help.</summary>
public sealed class IngestException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;

    public static async Task<IngestException> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var retryable = response.StatusCode >= HttpStatusCode.InternalServerError || response.StatusCode == HttpStatusCode.TooManyRequests;
        return new IngestException($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}", retryable);
    }
}
