using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DbLogs.Cli.Admin;
using DbLogs.Cli.Cloud;

namespace DbLogs.Cli.Tail;

/// <summary>
/// <c>dblogs tail</c>: follows a node's log through the live tail (<c>GET /dblogs/v1/{project}/instances/{id}/tail</c>, Server-Sent
/// Events), one line as written per event (its JSON with <c>--json</c>), until Ctrl-C, which ends it with exit code 0. A tail the
/// service ends (it stopped, or dropped a client that fell too far behind) exits with 1 and says why.
/// </summary>
public static class TailCommand
{
    public static Command Create(CloudCommandSettings? settings = null)
    {
        settings ??= new CloudCommandSettings();
        var globals = new CloudGlobalOptions();
        var instance = CloudOptions.Instance();
        var node = new Option<string>("--node") { Description = "The node id (a Redis replica or a MariaDB node).", HelpName = "ID", Required = true };
        var kind = new Option<string>("--kind") { Description = "The log: redis-run, mariadb-audit, mariadb-error or mariadb-slow.", HelpName = "KIND", Required = true };
        var since = new Option<int>("--since") { Description = "Earlier lines to show first, 0-1000.", HelpName = "N", DefaultValueFactory = _ => 0 }.Within(0, 1000);
        var grep = new Option<string>("--grep") { Description = "Show only lines that contain TEXT (case-sensitive, taken literally).", HelpName = "TEXT" };
        var command = new Command("tail", "Follow a node's log as the service collects it, until Ctrl-C.") { instance, node, kind, since, grep };
        globals.AddTo(command);
        command.Action = new CloudAction(settings, globals, async (run, token) =>
        {
            var path = string.Create(CultureInfo.InvariantCulture,
                $"dblogs/v1/{PathSegment.Escape(run.ProjectId)}/instances/{PathSegment.Escape(run.Value(instance)!)}/tail?node_id={Uri.EscapeDataString(run.Value(node)!)}" +
                $"&kind={Uri.EscapeDataString(run.Value(kind)!)}&since={run.Value(since)}");
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(token);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            string ended;
            try
            {
                ended = await run.Client.StreamAsync(path, response => FollowAsync(response, run, run.Value(grep), interrupted.Token), interrupted.Token);
            }
            catch (Exception e) when (interrupted.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
            {
                return; // Ctrl-C: the way a tail is meant to end
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                ended = $"the connection to the service was lost ({e.Message})";
            }

            throw new CloudCliException(AdminExitCodes.ApiError, ended);

            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                interrupted.Cancel();
            }
        });
        return command;
    }

    /// <summary>Prints each line event until the stream ends; answers why it ended.</summary>
    private static async Task<string> FollowAsync(HttpResponseMessage response, CloudInvocation run, string? grep, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? name = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
            else if (line.Length == 0 && data is not null)
            {
                using var json = JsonDocument.Parse(data);
                if (name == "dropped")
                {
                    return "the service dropped this tail: " + json.RootElement.GetProperty("reason").GetString();
                }

                var text = json.RootElement.GetProperty("line").GetString()!;
                if (grep is null || text.Contains(grep, StringComparison.Ordinal))
                {
                    run.Out.Line(run.Json ? data : text);
                }

                (name, data) = (null, null);
            }
        }

        return "the service ended the tail (it stopped or restarted)";
    }
}
