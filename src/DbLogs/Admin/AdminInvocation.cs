using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using DbLogs.Cli.Output;
using DbLogs.Server.Secrets;

namespace DbLogs.Cli.Admin;

/// <summary>
/// One run of an <c>admin</c> command: its parse result, output, and the client, connected on first use with the
/// server URL and admin key resolved from the options, the environment and the data directory.
/// </summary>
internal sealed partial class AdminInvocation(AdminContext context, ParseResult parse) : IDisposable
{
    public const string PasswordVariable = "DBLOGS_PASSWORD";

    private AdminClient? _client;

    public ParseResult Parse => parse;

    public CliOutput Out { get; } = context.CreateOutput(parse);

    public TextWriter Error => context.Error;

    /// <summary>Whether <c>--json</c> asks for the API's JSON instead of tables.</summary>
    public bool Json => parse.GetValue(context.Globals.Json);

    public AdminClient Client => _client ??= Connect();

    public T? Value<T>(Option<T> option) => parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => parse.GetValue(argument);

    public string? Environment(string name) => NonEmpty(context.Settings.Environment(name));

    /// <summary>
    /// The id of the project <paramref name="project"/> names: an id as is, otherwise a name, looked up in the
    /// project list.
    /// </summary>
    public async Task<string> ResolveProjectAsync(string project, CancellationToken ct)
    {
        if (ProjectIdShape().IsMatch(project))
        {
            return project;
        }

        using var response = await Client.GetAsync(AdminClient.Route("projects"), ct);
        var projects = response.EnsureSuccess();
        if (projects is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.Field("name") == project && item.Field("id") is { } id)
                {
                    return id;
                }
            }
        }

        throw new AdminCliException(AdminExitCodes.ApiError,
            $"there is no project with id or name '{project}' (see 'dblogs admin project list')");
    }

    /// <summary>
    /// A password from the option, else from <c>DBLOGS_PASSWORD</c>, else asked for twice on the terminal; fails
    /// as a usage error when there is none of these.
    /// </summary>
    public string ReadPassword(string? given, string prompt)
    {
        if (given is not null)
        {
            return given.Length > 0 ? given : throw AdminCliException.Usage("--password must not be empty");
        }

        if (Environment(PasswordVariable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        var first = context.Settings.PromptSecret($"{prompt}: ") ??
            throw AdminCliException.Usage(
                $"no password: pass --password, set {PasswordVariable}, or run on a terminal to be asked for it");
        if (first.Length == 0)
        {
            throw AdminCliException.Usage("the password must not be empty");
        }

        var again = context.Settings.PromptSecret($"{prompt} (again): ");
        return again == first ? first : throw AdminCliException.Usage("the passwords do not match");
    }

    /// <summary>
    /// Ends a command: the API's error as exit code 1; else, with <c>--json</c>, the body as the API sent it, and
    /// otherwise <paramref name="human"/>'s rendering of it.
    /// </summary>
    public int Print(AdminResponse response, Action<JsonElement> human)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(human);
        var body = response.EnsureSuccess();
        if (Json)
        {
            if (body is { } json)
            {
                Out.Json(json);
            }
        }
        else
        {
            human(body ?? default);
        }

        return AdminExitCodes.Success;
    }

    public void Dispose() => _client?.Dispose();

    private AdminClient Connect()
    {
        var server = context.Globals.Endpoint.Resolve(parse, Environment);
        var (key, keySource) = ResolveAdminKey();
        var handler = context.Settings.HandlerFactory?.Invoke() ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        return new AdminClient(server, key, keySource, handler, context.Settings.Timeout);
    }

    /// <summary>
    /// <c>--admin-key</c>; else the key file of an explicit <c>--data</c>; else <c>DBLOGS_ADMIN_KEY</c>; else the key
    /// file in <c>DBLOGS_DATA</c> or <c>./data</c>. Answered with where it came from, for messages.
    /// </summary>
    private (string Key, string Source) ResolveAdminKey()
    {
        if (NonEmpty(parse.GetValue(context.Globals.AdminKey)) is { } given)
        {
            return (Checked(given.Trim(), "--admin-key"), "option --admin-key");
        }

        var data = NonEmpty(parse.GetValue(context.Globals.Data));
        if (data is null && Environment(AdminGlobalOptions.AdminKeyVariable) is { } fromEnvironment)
        {
            return (Checked(fromEnvironment.Trim(), AdminGlobalOptions.AdminKeyVariable), "environment variable " + AdminGlobalOptions.AdminKeyVariable);
        }

        var path = Path.Combine(data ?? Environment(AdminGlobalOptions.DataVariable) ?? "data", KeyFiles.AdminKeyFileName);
        string key;
        try
        {
            key = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw AdminCliException.Usage($"no admin key: {path} does not exist; pass --admin-key, set {AdminGlobalOptions.AdminKeyVariable}, " +
                "or point --data at the service's data directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw AdminCliException.Usage($"cannot read {path}: permission denied (run as the service's user, or pass --admin-key)");
        }
        catch (IOException ex)
        {
            throw AdminCliException.Usage($"cannot read {path}: {ex.Message}");
        }

        return key.Length > 0 ? (Checked(key, path), "file " + path) : throw AdminCliException.Usage($"{path} is empty");
    }

    private static string Checked(string key, string source) =>
        key.Any(char.IsControl) ? throw AdminCliException.Usage($"the admin key from {source} contains control characters") : key;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"^[0-9a-f]{32}\z")]
    private static partial Regex ProjectIdShape();
}
