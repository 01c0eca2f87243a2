using DbLogs.Cli.Admin;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.Storage;

/// <summary>What a <c>dblogs admin migrate-store</c> test works on: a data directory of its own and a private PostgreSQL database.</summary>
public abstract class MigrateStoreTest : IAsyncLifetime
{
    protected string Data { get; } = Path.Combine(Path.GetTempPath(), "dblogs-migrate-" + Guid.NewGuid().ToString("N"));

    protected ServiceStore Postgres { get; private set; } = ServiceStore.Sqlite;

    public async Task InitializeAsync() => Postgres = await ServiceStore.StartAsync(postgres: true);

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        ServerTools.DeleteDirectory(Data);
    }

    /// <summary>Runs the command from <see cref="Data"/> into the database, as the CLI parses it.</summary>
    protected Task<(int Exit, string Out, string Error)> MigrateAsync(params string[] more) => MigrateAsync(Data, Postgres.Postgres!, more);

    /// <summary>Runs <c>dblogs admin migrate-store</c> from the embedded store in <paramref name="data"/> to <paramref name="postgres"/>.</summary>
    internal static async Task<(int Exit, string Out, string Error)> MigrateAsync(string data, string postgres, params string[] more)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = AdminCommand.Create(new AdminCommandSettings { Out = stdout, Error = stderr });
        var exit = await command.Parse(["migrate-store", "--from", "sqlite:" + data, "--to", "postgres", "--ConnectionStrings:Postgres", postgres, .. more])
            .InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
