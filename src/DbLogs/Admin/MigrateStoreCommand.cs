using System.CommandLine;
using System.Globalization;
using DbLogs.Server;
using DbLogs.Server.Hosting;
using DbLogs.Storage.Migration;
using DbLogs.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DbLogs.Cli.Admin;

/// <summary>
/// <c>dblogs admin migrate-store --from sqlite:DATA --to postgres</c>: copies a stopped service's embedded store into the
/// PostgreSQL database that <c>ConnectionStrings:Postgres</c> names, taken as <c>serve</c> takes it (command line, then
/// <c>DBLOGS_CONNECTIONSTRINGS__POSTGRES</c>; <c>Password=env:NAME</c> allowed). Works on the files, not through the API.
/// </summary>
internal static class MigrateStoreCommand
{
    private const string SqlitePrefix = "sqlite:";

    public static Command Create(AdminCommandSettings settings)
    {
        var from = new Option<string>("--from") { Description = "The embedded store: sqlite:DATA, DATA the service's data directory.", Required = true };
        var to = new Option<string>("--to") { Description = "The target: postgres (the database ConnectionStrings:Postgres names).", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Empty a PostgreSQL store that already holds data instead of refusing it." };
        var command = new Command("migrate-store",
            "Copy the embedded SQLite store into PostgreSQL (stop the service first). Give the database as serve takes it: " +
            "--ConnectionStrings:Postgres \"Host=…;Database=…;Username=…;Password=env:NAME\" or env DBLOGS_CONNECTIONSTRINGS__POSTGRES.")
        {
            from, to, replace,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var stdout = settings.Out ?? Console.Out;
            var stderr = settings.Error ?? Console.Error;
            try
            {
                var data = DataOf(parse.GetValue(from)!, parse.GetValue(to)!);
                var connectionString = ConnectionString([.. parse.UnmatchedTokens.Select(t => t)], settings.Environment);
                await using var target = new PostgresDatabase(connectionString);
                var result = await SqliteToPostgres.RunAsync(new DataDirectory(new DbLogsOptions { Data = data }).DatabasePath, target,
                    parse.GetValue(replace), ct);
                Report(stdout, data, result);
                return 0;
            }
            catch (Exception ex) when (ex is StoreMigrationException or StoreSchemaException or InvalidOperationException or NpgsqlException
                or Microsoft.Data.Sqlite.SqliteException)
            {
                await stderr.WriteLineAsync($"dblogs: cannot migrate the store: {ex.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
        return command;
    }

    private static string DataOf(string from, string to)
    {
        if (!from.StartsWith(SqlitePrefix, StringComparison.Ordinal) || from.Length == SqlitePrefix.Length)
        {
            throw new InvalidOperationException($"--from takes sqlite:DATA (the data directory), not {from}.");
        }

        if (to != "postgres")
        {
            throw new InvalidOperationException("--to takes postgres; the database is ConnectionStrings:Postgres, as serve takes it.");
        }

        var data = Path.GetFullPath(from[SqlitePrefix.Length..]);
        return Directory.Exists(data) ? data : throw new InvalidOperationException($"the data directory {data} does not exist.");
    }

    private static string ConnectionString(string[] args, Func<string, string?> environment)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("DBLOGS_").AddCommandLine(args).Build();
        return configuration.GetConnectionString(PostgresConnectionString.Name) is { Length: > 0 } configured
            ? PostgresConnectionString.Resolve(configured, environment)
            : throw new InvalidOperationException(
                "no PostgreSQL database given: pass --ConnectionStrings:Postgres \"Host=…;Database=…\" or set DBLOGS_CONNECTIONSTRINGS__POSTGRES.");
    }

    private static void Report(TextWriter stdout, string data, MigrationResult result)
    {
        var total = result.Tables.Sum(t => t.Rows);
        foreach (var (table, rows) in result.Tables)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table,-24} {rows,12} rows"));
        }

        var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-3);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"copied {total} rows from {result.Tables.Count} tables in {seconds:0.000} s ({total / seconds:0} rows/s)."));
        stdout.WriteLine($"The streams, collected files, admin.key and master.key stay in {data}. Start the service on PostgreSQL with the same data directory:");
        stdout.WriteLine($"  dblogs serve --data {data} --ConnectionStrings:Postgres \"…\"   (or env DBLOGS_CONNECTIONSTRINGS__POSTGRES)");
        stdout.WriteLine("Keep the embedded store (dblogs.db) as the backup until the service runs well on PostgreSQL; it is no longer read.");
    }
}
