using System.CommandLine;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Cloud;

/// <summary>One run of a cloud-API command: its options resolved against the environment, its output and its client.</summary>
public sealed class CloudInvocation(CloudCommandSettings settings, CloudGlobalOptions globals, ParseResult parse) : IDisposable
{
    private CloudClient? _client;

    public ParseResult Parse => parse;

    public CloudCommandSettings Settings => settings;

    internal CliOutput Out { get; } = new(settings.Out ?? Console.Out, settings.TerminalColumns,
        LocalTimeOption.Display(parse.GetValue(globals.Local), settings.LocalTimeZone));

    public bool Json => parse.GetValue(globals.Json);

    public CloudClient Client => _client ??= Connect();

    public string ProjectId => Client.Credentials.ProjectId;

    public T? Value<T>(Option<T> option) => parse.GetValue(option);

    /// <summary>Prints the API's answer: its JSON with <c>--json</c>, else what <paramref name="human"/> makes of it.</summary>
    internal void Print(JsonDocument? body, Action<CliOutput, JsonElement> human)
    {
        var root = body?.RootElement ?? throw new CloudCliException(AdminExitCodes.ApiError, "the service answered with an empty body");
        if (Json)
        {
            Out.Json(root);
        }
        else
        {
            human(Out, root);
        }
    }

    /// <summary>Runs <paramref name="run"/> and maps its outcome to an exit code (0, 1 API error, 2 usage or connection).</summary>
    public static async Task<int> RunAsync(CloudCommandSettings settings, CloudGlobalOptions globals, ParseResult parse,
        Func<CloudInvocation, CancellationToken, Task> run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stderr = settings.Error ?? Console.Error;
        try
        {
            using var invocation = new CloudInvocation(settings, globals, parse);
            await run(invocation, ct);
            return AdminExitCodes.Success;
        }
        catch (CloudCliException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return AdminExitCodes.Interrupted;
        }
    }

    public void Dispose() => _client?.Dispose();

    private CloudClient Connect()
    {
        var endpoint = globals.Endpoint.Resolve(parse, settings.Environment);
        var (ak, akSource) = Required(globals.Ak, CloudGlobalOptions.AkVariable);
        var (sk, skSource) = Required(globals.Sk, CloudGlobalOptions.SkVariable);
        var (projectId, projectSource) = Required(globals.ProjectId, CloudGlobalOptions.ProjectVariable);
        var handler = settings.HandlerFactory?.Invoke() ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        return new CloudClient(endpoint, new CloudCredentials(ak, sk, projectId), new CredentialSources(akSource, skSource, projectSource),
            parse.GetValue(globals.Verbose), handler, settings.Clock, settings.Timeout);
    }

    /// <summary>The option's value, else the variable's, with where it came from.</summary>
    private (string Value, string Source) Required(Option<string> option, string variable)
    {
        var value = parse.GetValue(option);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return (value.Trim(), "option " + option.Name);
        }

        value = settings.Environment(variable);
        return !string.IsNullOrWhiteSpace(value)
            ? (value.Trim(), "environment variable " + variable)
            : throw new CloudCliException($"missing {option.Name}: pass it or set {variable}");
    }
}
