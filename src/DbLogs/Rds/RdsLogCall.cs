using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DbLogs.Cli.Output;
using DbLogs.Server;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Cli.Rds;

/// <summary>
/// The options and the AK/SK-signed GET that <c>dblogs rds errorlog|slowlog</c> share. A minimal signer of their own until the
/// shared signed client of the <c>rds</c> group is merged.
/// </summary>
internal sealed class RdsLogCall
{
    public Option<string> Server { get; } = new("--server") { Description = $"The service's URL. Default: env DBLOGS_SERVER, else {DbLogsServer.DefaultUrl}." };

    public Option<string> Ak { get; } = new("--ak") { Description = "Access key. Default: env DBLOGS_AK." };

    public Option<string> Sk { get; } = new("--sk") { Description = "Secret key. Default: env DBLOGS_SK." };

    public Option<string> Project { get; } = new("--project") { Description = "Project id. Default: env DBLOGS_PROJECT." };

    public Option<string> Instance { get; } = new("--instance") { Description = "The RDS instance id.", Required = true };

    public Option<string> Start { get; } = new("--start") { Description = "Window start (ISO 8601). Default: 24 hours ago." };

    public Option<string> End { get; } = new("--end") { Description = "Window end (ISO 8601). Default: now." };

    public Option<int> Page { get; } = new("--page") { Description = "Page number, from 1.", DefaultValueFactory = _ => 1 };

    public Option<int> Limit { get; } = new("--limit") { Description = "Entries per page (1-100).", DefaultValueFactory = _ => 10 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of a table." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Server, Ak, Sk, Project, Instance, Start, End, Page, Limit, Json })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The window as the RDS routes take it (<c>start_date</c>, <c>end_date</c>), in UTC; null (and a message) when a time is bad.</summary>
    public string? Window(ParseResult parse, TextWriter error)
    {
        var now = DateTimeOffset.UtcNow;
        if (!TryTime(parse.GetValue(Start), now.AddDays(-1), out var start) || !TryTime(parse.GetValue(End), now, out var end))
        {
            error.WriteLine("error: --start/--end must be ISO 8601 times, e.g. 2025-11-21T08:00:00+08:00");
            return null;
        }

        return $"start_date={Format(start)}&end_date={Format(end)}";
    }

    /// <summary>GETs <c>/v3/{project}/instances/{instance}{relative}</c> signed with SDK-HMAC-SHA256; prints the JSON or calls <paramref name="print"/>.</summary>
    public async Task<int> RunAsync(ParseResult parse, string relative, Action<CliOutput, JsonElement> print, HttpMessageHandler? handler, TextWriter? stdout,
        TextWriter? stderr, CancellationToken ct)
    {
        var error = stderr ?? Console.Error;
        var server = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("DBLOGS_SERVER") ?? DbLogsServer.DefaultUrl;
        var ak = parse.GetValue(Ak) ?? Environment.GetEnvironmentVariable("DBLOGS_AK");
        var sk = parse.GetValue(Sk) ?? Environment.GetEnvironmentVariable("DBLOGS_SK");
        var project = parse.GetValue(Project) ?? Environment.GetEnvironmentVariable("DBLOGS_PROJECT");
        if (string.IsNullOrEmpty(ak) || string.IsNullOrEmpty(sk) || string.IsNullOrEmpty(project) ||
            !Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri))
        {
            error.WriteLine("error: give --ak, --sk and --project (or DBLOGS_AK, DBLOGS_SK, DBLOGS_PROJECT) and a valid --server");
            return 2;
        }

        var uri = new Uri(baseUri, $"v3/{Uri.EscapeDataString(project)}/instances/{Uri.EscapeDataString(parse.GetValue(Instance)!)}{relative}");
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        Sign(request, uri, ak, sk, project, DateTimeOffset.UtcNow);
        string text;
        int status;
        try
        {
            using var response = await http.SendAsync(request, ct);
            text = await response.Content.ReadAsStringAsync(ct);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"error: cannot reach {server}: {e.Message}");
            return 2;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            error.WriteLine($"error: HTTP {status}: the answer is not JSON");
            return 1;
        }

        using (document)
        {
            var body = document.RootElement;
            if (status is < 200 or > 299)
            {
                var code = body.TryGetProperty("error_code", out var c) ? c.GetString() : $"HTTP {status}";
                var message = body.TryGetProperty("error_msg", out var m) ? m.GetString() : text;
                error.WriteLine($"error: {code}: {message}");
                return 1;
            }

            var output = stdout is null ? CliOutput.ForConsole() : new CliOutput(stdout, isTerminal: false);
            if (parse.GetValue(Json))
            {
                output.Json(body);
            }
            else
            {
                print(output, body);
            }

            return 0;
        }
    }

    /// <summary>Signs the way the official SDKs do: host, x-project-id and x-sdk-date, empty body.</summary>
    private static void Sign(HttpRequestMessage request, Uri uri, string ak, string sk, string project, DateTimeOffset now)
    {
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var date = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Host = host;
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", project);
        string[] signed = ["host", "x-project-id", "x-sdk-date"];
        var values = new Dictionary<string, string> { ["host"] = host, ["x-project-id"] = project, ["x-sdk-date"] = date };
        var canonical = SdkSignature.CanonicalRequest("GET", uri.AbsolutePath, uri.Query.TrimStart('?'), signed, name => [values[name]],
            SdkSignature.EmptyBodySha256);
        var signature = SdkSignature.Sign(sk, SdkSignature.StringToSign(date, canonical));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SdkSignature.Algorithm} Access={ak}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "%2B0000";
}
