using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Output;
using DbLogs.Server;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Cli.Redis;

/// <summary>
/// <c>dblogs redis slowlog</c>: lists an instance's Redis slow log through the DCS-compatible ListSlowlog route, signed
/// with the project's AK/SK (<c>--ak/--sk</c>, else env <c>DBLOGS_AK</c>/<c>DBLOGS_SK</c>), as a table or the API's JSON.
/// </summary>
public static class RedisSlowlogCommand
{
    public const string AkVariable = "DBLOGS_AK";
    public const string SkVariable = "DBLOGS_SK";
    public const string ProjectVariable = "DBLOGS_PROJECT_ID";

    public static Command Create() => Create(new AdminCommandSettings());

    public static Command Create(AdminCommandSettings settings)
    {
        var server = new Option<string>("--server") { Description = $"The service's URL. Default: env {AdminGlobalOptions.ServerVariable}, else {DbLogsServer.DefaultUrl}." };
        var project = new Option<string>("--project-id") { Description = $"The project id. Default: env {ProjectVariable}." };
        var instance = new Option<string>("--instance") { Description = "The Redis instance id.", Required = true };
        var ak = new Option<string>("--ak") { Description = $"Access key. Default: env {AkVariable}." };
        var sk = new Option<string>("--sk") { Description = $"Secret key. Default: env {SkVariable}." };
        var start = new Option<string>("--start") { Description = "Window start: Unix milliseconds or an ISO-8601 time. Default: an hour before --end." };
        var end = new Option<string>("--end") { Description = "Window end: Unix milliseconds or an ISO-8601 time. Default: now." };
        var sortKey = new Option<string>("--sort-key") { Description = "start_time or duration.", DefaultValueFactory = _ => "start_time" };
        sortKey.AcceptOnlyFromAmong("start_time", "duration");
        var sortDir = new Option<string>("--sort-dir") { Description = "desc or asc.", DefaultValueFactory = _ => "desc" };
        sortDir.AcceptOnlyFromAmong("desc", "asc");
        var offset = new Option<int>("--offset") { Description = "Entries to skip.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Entries to show (1-1000).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer." };
        var command = new Command("slowlog", "List the slow commands of a Redis instance (SLOWLOG entries the collectors polled).")
        {
            server, project, instance, ak, sk, start, end, sortKey, sortDir, offset, limit, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var env = settings.Environment;
            var output = settings.Out is null ? CliOutput.ForConsole() : new CliOutput(settings.Out, isTerminal: false);
            var error = settings.Error ?? Console.Error;
            var credentials = (Ak: parse.GetValue(ak) ?? env(AkVariable), Sk: parse.GetValue(sk) ?? env(SkVariable), Project: parse.GetValue(project) ?? env(ProjectVariable));
            if (credentials.Ak is null || credentials.Sk is null || credentials.Project is null)
            {
                await error.WriteLineAsync($"dblogs redis slowlog: give --ak, --sk and --project-id (or env {AkVariable}, {SkVariable}, {ProjectVariable}).");
                return 2;
            }

            if (!TryTime(parse.GetValue(end), DateTimeOffset.UtcNow, out var endTime) || !TryTime(parse.GetValue(start), endTime.AddHours(-1), out var startTime))
            {
                await error.WriteLineAsync("dblogs redis slowlog: --start and --end take Unix milliseconds or an ISO-8601 time.");
                return 2;
            }

            var baseUrl = (parse.GetValue(server) ?? env(AdminGlobalOptions.ServerVariable) ?? DbLogsServer.DefaultUrl).TrimEnd('/');
            var query = string.Create(CultureInfo.InvariantCulture,
                $"offset={parse.GetValue(offset)}&limit={parse.GetValue(limit)}&sort_key={parse.GetValue(sortKey)}&sort_dir={parse.GetValue(sortDir)}" +
                $"&start_time={startTime.ToUnixTimeMilliseconds()}&end_time={endTime.ToUnixTimeMilliseconds()}");
            var url = new Uri($"{baseUrl}/v2/{Uri.EscapeDataString(credentials.Project)}/instances/{Uri.EscapeDataString(parse.GetValue(instance)!)}/slowlog?{query}");
            using var http = new HttpClient(settings.HandlerFactory?.Invoke() ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = settings.Timeout };
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            CloudRequestSigner.Sign(request, credentials.Ak, credentials.Sk, credentials.Project, DateTimeOffset.UtcNow);
            string body;
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
                body = await response.Content.ReadAsStringAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                await error.WriteLineAsync($"dblogs redis slowlog: cannot reach {baseUrl}: {ex.Message}");
                return 2;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    await error.WriteLineAsync($"dblogs redis slowlog: {(int)response.StatusCode} {body}");
                    return 1;
                }
            }

            using var document = JsonDocument.Parse(body);
            if (parse.GetValue(json))
            {
                output.Json(document.RootElement);
                return 0;
            }

            var table = new CliTable("Id", "Start (UTC)", "Duration µs", "Shard", "Role", "Client", "User", "Command").NoWrap("Start (UTC)");
            foreach (var item in document.RootElement.GetProperty("slowlogs").EnumerateArray())
            {
                table.Row(item.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), Text(item, "start_time"), Text(item, "duration"),
                    Text(item, "shard_name"), Text(item, "node_role"), Text(item, "client_ip"), Text(item, "username"), Text(item, "command"));
            }

            output.Table(table, "No slow commands in this window.");
            output.Line(string.Create(CultureInfo.InvariantCulture, $"{table.Count} of {document.RootElement.GetProperty("total_num").GetInt64()}"));
            return 0;
        });
        return command;
    }

    private static string? Text(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? value.ToString() : null;

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        if (text is null)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 253402300799999)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}

/// <summary>Signs a cloud API request the way the Huawei SDKs do (<c>SDK-HMAC-SHA256</c> over host, X-Project-Id and X-Sdk-Date).</summary>
internal static class CloudRequestSigner
{
    public static void Sign(HttpRequestMessage request, string ak, string sk, string projectId, DateTimeOffset now, string body = "")
    {
        var uri = request.RequestUri!;
        var date = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Host = host;
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.Add("X-Project-Id", projectId);
        string[] signed = ["host", "x-project-id", "x-sdk-date"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["x-project-id"] = projectId, ["x-sdk-date"] = date };
        var canonical = SdkSignature.CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), signed,
            name => [values[name]], SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(body)));
        var signature = SdkSignature.Sign(sk, SdkSignature.StringToSign(date, canonical));
        request.Headers.Authorization = new AuthenticationHeaderValue(SdkSignature.Algorithm,
            $"Access={ak}, SignedHeaders={string.Join(';', signed)}, Signature={signature}");
    }
}
