using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DbLogs.Cli.Output;

namespace DbLogs.Cli.Admin;

/// <summary><c>dblogs admin instance list|create|show|delete</c>: the Redis and MySQL/MariaDB instances and their nodes.</summary>
internal static partial class InstanceCommands
{
    private const string EnvPrefix = "env:";

    public static Command Create(AdminContext context)
    {
        var command = new Command("instance", "A project's database instances (Redis or MySQL/MariaDB) and their nodes.");
        command.Subcommands.Add(ListCommand(context));
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(ShowCommand(context));
        command.Subcommands.Add(DeleteCommand(context));
        command.Action = context.GroupAction();
        return command;
    }

    private static Command ListCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var command = new Command("list", "List a project's instances.") { project };
        command.Action = context.Action(async (run, ct) =>
        {
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.GetAsync(AdminClient.Route("projects", projectId, "instances"), ct);
            return run.Print(response, body => WriteList(run.Out, body));
        });
        return command;
    }

    private static Command CreateCommand(AdminContext context)
    {
        var project = ProjectOption.Create();
        var file = new Option<string>("--file")
        {
            Description = "A JSON file with one instance, as in the bootstrap file's projects[].instances[] " +
                "(\"env:NAME\" passwords are read from this shell's environment); - reads standard input.",
            HelpName = "SPEC.json",
            Required = true,
        };
        var command = new Command("create", "Create an instance with its shards and replicas (redis) or nodes (mysql).") { project, file };
        command.Action = context.Action(async (run, ct) =>
        {
            var body = await ReadSpecAsync(run.Value(file)!, run.Environment, ct);
            var projectId = await run.ResolveProjectAsync(run.Value(project)!, ct);
            using var response = await run.Client.PostAsync(AdminClient.Route("projects", projectId, "instances"), body, ct);
            return run.Print(response, created =>
            {
                run.Out.Line($"Created {created.Field("engine")} instance {created.Field("name")} (id {created.Field("id")}).");
                run.Out.Line();
                WriteTopology(run.Out, created);
            });
        });
        return command;
    }

    private static Command ShowCommand(AdminContext context)
    {
        var id = new Argument<string>("ID") { Description = "The instance id." };
        var command = new Command("show", "Show an instance's topology: shards and replicas (redis) or nodes (mysql).") { id };
        command.Action = context.Action(async (run, ct) =>
        {
            using var response = await run.Client.GetAsync(AdminClient.Route("instances", run.Value(id)!), ct);
            return run.Print(response, body => WriteTopology(run.Out, body));
        });
        return command;
    }

    private static Command DeleteCommand(AdminContext context)
    {
        var id = new Argument<string>("ID") { Description = "The instance id." };
        var command = new Command("delete", "Delete an instance with its nodes and collected logs.") { id };
        command.Action = context.Action(async (run, ct) =>
        {
            var instanceId = run.Value(id)!;
            using var response = await run.Client.DeleteAsync(AdminClient.Route("instances", instanceId), ct);
            return run.Print(response, _ => run.Out.Line($"Deleted instance {instanceId}."));
        });
        return command;
    }

    /// <summary>
    /// Reads the spec file and checks it is one instance object; <c>"env:NAME"</c> passwords are resolved here
    /// (the service cannot see this shell's environment).
    /// </summary>
    internal static async Task<string> ReadSpecAsync(string path, Func<string, string?> environment, CancellationToken ct)
    {
        string text;
        try
        {
            text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw AdminCliException.Usage($"{path} does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw AdminCliException.Usage($"cannot read {path}: {ex.Message}");
        }

        JsonNode? spec;
        try
        {
            spec = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw AdminCliException.Usage($"{path} is not valid JSON: {ex.Message}");
        }

        if (spec is not JsonObject instance)
        {
            throw AdminCliException.Usage($"{path} must hold one JSON object: an instance, as in the bootstrap file's projects[].instances[]");
        }

        if (instance.ContainsKey("projects") || instance.ContainsKey("instances"))
        {
            throw AdminCliException.Usage($"{path} looks like a whole bootstrap file; give one instance object " +
                "(one element of projects[].instances[]), or use 'dblogs serve --bootstrap'");
        }

        ResolveSecrets(instance, "", path, environment);
        return instance.ToJsonString();
    }

    private static void ResolveSecrets(JsonNode? node, string keyPath, string file, Func<string, string?> environment)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var childPath = keyPath.Length == 0 ? name : $"{keyPath}.{name}";
                    if (name == "password" && value is JsonValue secret && secret.TryGetValue<string>(out var text) &&
                        text.StartsWith(EnvPrefix, StringComparison.Ordinal) && EnvName().IsMatch(text[EnvPrefix.Length..]))
                    {
                        var variable = text[EnvPrefix.Length..];
                        obj[name] = environment(variable) ??
                            throw AdminCliException.Usage($"{file}: {childPath}: environment variable {variable} (from \"{text}\") is not set");
                    }
                    else
                    {
                        ResolveSecrets(value, childPath, file, environment);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    ResolveSecrets(array[i], $"{keyPath}[{i}]", file, environment);
                }

                break;
            default:
                break;
        }
    }

    private static void WriteList(CliOutput output, JsonElement instances)
    {
        var table = new CliTable("ID", "Name", "Engine", "Nodes", "Created").Truncate("Name").Optional("Nodes", "Created");
        foreach (var instance in instances.Items())
        {
            table.Row(instance.Field("id"), instance.Field("name"), instance.Field("engine"), instance.Field("node_count"),
                output.Time(instance.Field("created_at")));
        }

        output.Table(table, "No instances.");
    }

    /// <summary>The instance, then its nodes: grouped by shard for redis, one row per node for mysql.</summary>
    internal static void WriteTopology(CliOutput output, JsonElement instance)
    {
        var nodes = instance.TryGetProperty("nodes", out var list) ? list.Items().ToList() : [];
        var redis = instance.Field("engine") == "redis";
        var shards = nodes.GroupBy(n => n.Field("shard") ?? "").OrderBy(g => ShardNumber(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        output.Line($"Instance {instance.Field("name")} ({instance.Field("id")})");
        output.Line($"  engine:  {instance.Field("engine")}");
        output.Line($"  project: {instance.Field("project_id")}");
        output.Line($"  created: {output.Time(instance.Field("created_at"))}");
        output.Line(redis
            ? $"  nodes:   {nodes.Count} in {shards.Count} shard{(shards.Count == 1 ? "" : "s")}"
            : $"  nodes:   {nodes.Count}");

        if (redis)
        {
            var table = new CliTable("Shard", "Replica", "Address", "Role", "Time zone", "Password", "Logs")
                .Truncate("Time zone", "Logs").Optional("Password", "Time zone");
            foreach (var shard in shards)
            {
                table.Separator();
                var first = true;
                foreach (var node in shard.OrderBy(n => n.Field("role") == "master" ? 0 : 1))
                {
                    table.Row(first ? shard.Key : "", node.Field("id"), Address(node), node.Field("role"), node.Field("time_zone"),
                        Password(node), Logs(node));
                    first = false;
                }
            }

            output.Table(table);
        }
        else
        {
            var table = new CliTable("Node", "Address", "Time zone", "Socket", "User", "Password", "Logs")
                .Truncate("Time zone", "Socket", "Logs").Optional("Password", "Socket", "User", "Time zone");
            foreach (var node in nodes)
            {
                table.Row(node.Field("id"), Address(node), node.Field("time_zone"), node.Field("socket"), node.Field("user"),
                    Password(node), Logs(node));
            }

            output.Table(table);
        }
    }

    private static string Address(JsonElement node)
    {
        var ip = node.Field("ip") ?? "?";
        return $"{(ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip)}:{node.Field("port")}";
    }

    private static string? Password(JsonElement node) => node.Field("has_password") == "true" ? "set" : null;

    private static string? Logs(JsonElement node) =>
        node.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Object && logs.EnumerateObject().Any()
            ? string.Join('\n', logs.EnumerateObject().Select(l => $"{l.Name}: {l.Value.GetString()}"))
            : null;

    /// <summary>group-N's N, so that group-10 comes after group-9.</summary>
    private static int ShardNumber(string shard) =>
        shard.StartsWith("group-", StringComparison.Ordinal) && int.TryParse(shard.AsSpan("group-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : int.MaxValue;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvName();
}
