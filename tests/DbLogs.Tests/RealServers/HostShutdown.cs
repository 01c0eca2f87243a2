using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Tests.RealServers;

public static class HostShutdown
{
    /// <summary>
    /// Stops the app's host, then disposes the app. TestApp.DisposeAsync alone does not stop the host: the embedded
    /// collector would still be saving its final checkpoint while TestApp deletes the data directory.
    /// </summary>
    public static async Task StopAndDisposeAsync(this TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await app.Services.GetRequiredService<IHost>().StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
