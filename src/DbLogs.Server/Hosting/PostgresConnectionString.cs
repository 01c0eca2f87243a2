using Npgsql;

namespace DbLogs.Server.Hosting;

/// <summary>
/// The <c>ConnectionStrings:Postgres</c> setting made ready to use: <c>Password=env:NAME</c> is read from the environment, as the
/// bootstrap file's secrets are (<c>Passfile=</c>, a pgpass file, Npgsql reads itself). Errors never repeat the setting's text.
/// </summary>
public static class PostgresConnectionString
{
    public const string Name = "Postgres";
    private const string EnvPrefix = "env:";

    public static string Resolve(string configured, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{Name} is not a valid PostgreSQL connection string ({ex.GetType().Name}; its text is not shown, as it may hold a password).");
        }

        if (builder.Password is { } password && password.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            var variable = password[EnvPrefix.Length..];
            builder.Password = environment(variable) ??
                throw new InvalidOperationException($"ConnectionStrings:{Name} takes its password from environment variable {variable}, which is not set.");
        }

        return builder.ConnectionString;
    }
}
