using DbLogs.Server;
using DbLogs.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DbLogs.Tests.Downloads;

public sealed class ResponseBufferTests
{
    private static long? ResponseBuffer(TestApp app) =>
        app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxResponseBufferSize;

    [Fact]
    public async Task Kestrel_buffers_a_mebibyte_of_a_response_so_a_download_copies_ahead_of_the_socket()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(1 << 20, ResponseBuffer(app));
        Assert.Equal(DbLogsServer.ResponseBufferBytes, ResponseBuffer(app));
    }

    [Fact]
    public async Task The_configuration_sets_another_response_buffer()
    {
        await using var app = await TestApp.StartAsync(["--" + DbLogsServer.ResponseBufferKey, "65536"]);

        Assert.Equal(65536, ResponseBuffer(app));
    }
}
