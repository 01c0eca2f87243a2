using DbLogs.Server.Nodes;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DbLogs.Tests.Nodes;

public sealed class NodeHeartbeatStopTests
{
    [Fact]
    public async Task A_stop_whose_time_has_run_out_skips_giving_up_the_leases_instead_of_failing_the_shutdown()
    {
        await using var app = await TestApp.StartAsync();
        var heartbeat = app.Services.GetServices<IHostedService>().OfType<NodeHeartbeat>().Single();
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();

        var stop = await Record.ExceptionAsync(() => heartbeat.StopAsync(expired.Token));

        Assert.Null(stop);
    }
}
