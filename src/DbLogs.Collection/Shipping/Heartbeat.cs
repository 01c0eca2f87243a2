using System.Net.Http.Headers;

namespace DbLogs.Collection.Shipping;

/// <summary>
/// Tells the service every <see cref="Interval"/> that this collector is alive, so it keeps the sources it owns while
/// their files are quiet. A failed beat is only reported; the next one tries again.
/// </summary>
public static class Heartbeat
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(HttpClient http, string agentKey, Action<Exception> onError, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "ingest/v1/heartbeat");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw await IngestException.FromAsync(response, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IngestException or TaskCanceledException)
            {
                onError(ex);
            }

            try
            {
                await Task.Delay(Interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
