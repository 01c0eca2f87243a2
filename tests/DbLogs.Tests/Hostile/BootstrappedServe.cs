using DbLogs.Tests.Process;

namespace DbLogs.Tests.Hostile;

/// <summary>One <c>dblogs serve</c> process with the process bootstrap, shared by the tests of a class.</summary>
public sealed class BootstrappedServe : IAsyncLifetime
{
    public ServeProcess Serve { get; private set; } = null!;

    public Uri BaseUrl => new(Serve.BaseUrl);

    public string AdminKey => Serve.AdminKey;

    public async Task InitializeAsync() =>
        Serve = await ServeProcess.StartAsync(new ServeOptions { BootstrapJson = ProcessBootstrap.Json(), ExtraArgs = ["--EmbeddedCollector=false"] });

    public async Task DisposeAsync() => await Serve.DisposeAsync();
}
