using System.Text.Json;

using DbLogs.Core.Configuration;

namespace DbLogs.Server.Bootstrap;

/// <summary>Reads and validates the bootstrap file of <c>dblogs serve --bootstrap FILE</c>.</summary>
public static class BootstrapReader
{
    private static readonly string[] RootKeys = ["projects"];
    private static readonly string[] ProjectKeys = ["id", "name", "access_keys", "users", "instances"];
    private static readonly string[] AccessKeyKeys = ["ak", "sk"];
    private static readonly string[] UserKeys = ["name", "password"];

    /// <summary>
    /// Reads a JSON file, or YAML when the extension is <c>.yaml</c>/<c>.yml</c>, and validates it. A missing or
    /// unparseable file throws with the file path as <see cref="ConfigValidationException.KeyPath"/>.
    /// </summary>
    public static BootstrapFile ReadFile(string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(environment);
        using var document = ConfigDocumentLoader.Load(path);
        return Read(document.RootElement, environment);
    }

    /// <summary>Validates a parsed bootstrap document.</summary>
    public static BootstrapFile Read(JsonElement root, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var reader = JsonObjectReader.Open(root, "", RootKeys);
        if (reader.Get("projects") is null)
        {
            throw JsonObjectReader.Error("projects", "is required; expected an array of projects");
        }

        var seen = new FileScope();
        var errors = new ConfigErrors();
        var projects = reader.Array("projects", required: false, "an array of projects")
            .Select(item => errors.Try(() => ReadProject(item.Element, item.Path, environment, seen, errors)))
            .ToList();
        errors.ThrowIfAny();
        return new BootstrapFile([.. projects.OfType<ProjectSpec>()]);
    }

    /// <summary>
    /// Validates one instance (as in <c>projects[i].instances[j]</c>); the admin API uses it for request bodies.
    /// <paramref name="keyPath"/> prefixes the key paths of errors (empty for a request body's root).
    /// </summary>
    public static InstanceSpec ReadInstance(JsonElement element, string keyPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(environment);
        return InstanceReader.Read(element, keyPath, environment);
    }

    /// <summary>One project; errors of its keys, users and instances go to <paramref name="errors"/> so the others are still read.</summary>
    private static ProjectSpec ReadProject(JsonElement element, string path, Func<string, string?> environment,
        FileScope seen, ConfigErrors errors)
    {
        var reader = JsonObjectReader.Open(element, path, ProjectKeys);
        var id = reader.OptionalString("id", BootstrapRules.ProjectIdShape);
        if (id is not null)
        {
            BootstrapRules.Match(id, BootstrapRules.ProjectId, reader.PathOf("id"), BootstrapRules.ProjectIdShape);
            BootstrapRules.Claim(seen.ProjectIds, id, reader.PathOf("id"), "project id");
        }

        var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.NameShape),
            BootstrapRules.Name, reader.PathOf("name"), BootstrapRules.NameShape);
        BootstrapRules.Claim(seen.ProjectNames, name, reader.PathOf("name"), "project name");

        var accessKeys = reader.Array("access_keys", required: false, "an array of {ak, sk}")
            .Select(item => errors.Try(() => ReadAccessKey(item.Element, item.Path, environment, seen)))
            .OfType<AccessKeySpec>().ToList();

        var userNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var users = reader.Array("users", required: false, "an array of {name, password}")
            .Select(item => errors.Try(() => ReadUser(item.Element, item.Path, environment, userNames)))
            .OfType<UserSpec>().ToList();

        var instanceNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var instances = reader.Array("instances", required: false, "an array of instances")
            .Select(item => errors.Try(() => ReadInstanceOfProject(item.Element, item.Path, environment, seen, instanceNames)))
            .OfType<InstanceSpec>().ToList();
        return new ProjectSpec(id, name, accessKeys, users, instances);
    }

    private static InstanceSpec ReadInstanceOfProject(JsonElement item, string itemPath, Func<string, string?> environment, FileScope seen,
        Dictionary<string, string> instanceNames)
    {
        var instance = InstanceReader.Read(item, itemPath, environment);
        if (instance.Id is not null)
        {
            BootstrapRules.Claim(seen.InstanceIds, instance.Id, JsonObjectReader.Child(itemPath, "id"), "instance id");
        }

        BootstrapRules.Claim(instanceNames, instance.Name, JsonObjectReader.Child(itemPath, "name"), "instance name in this project");
        return instance;
    }

    private static AccessKeySpec ReadAccessKey(JsonElement element, string path, Func<string, string?> environment,
        FileScope seen)
    {
        var reader = JsonObjectReader.Open(element, path, AccessKeyKeys);
        var ak = BootstrapRules.Match(reader.RequiredString("ak", BootstrapRules.AkShape),
            BootstrapRules.Ak, reader.PathOf("ak"), BootstrapRules.AkShape);
        BootstrapRules.Claim(seen.AccessKeys, ak, reader.PathOf("ak"), "access key");
        var sk = RequiredSecret(reader, "sk", 256, environment);
        return new AccessKeySpec(ak, sk);
    }

    private static UserSpec ReadUser(JsonElement element, string path, Func<string, string?> environment,
        Dictionary<string, string> userNames)
    {
        var reader = JsonObjectReader.Open(element, path, UserKeys);
        var name = BootstrapRules.Match(reader.RequiredString("name", BootstrapRules.NameShape),
            BootstrapRules.Name, reader.PathOf("name"), BootstrapRules.NameShape);
        BootstrapRules.Claim(userNames, name, reader.PathOf("name"), "user name in this project");
        var password = RequiredSecret(reader, "password", 1024, environment);
        return new UserSpec(name, password);
    }

    private static string RequiredSecret(JsonObjectReader reader, string key, int maxLength,
        Func<string, string?> environment)
    {
        var expected = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"a non-empty string of at most {maxLength} characters, or env:NAME");
        var value = BootstrapRules.Secret(reader.RequiredString(key, expected), reader.PathOf(key), environment);
        return value.Length > 0 && value.Length <= maxLength
            ? value
            : throw JsonObjectReader.Error(reader.PathOf(key), $"must be {expected}");
    }

    /// <summary>Values that must be unique across the whole file, with the path where each was first seen.</summary>
    private sealed class FileScope
    {
        public Dictionary<string, string> ProjectIds { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> ProjectNames { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> AccessKeys { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> InstanceIds { get; } = new(StringComparer.Ordinal);
    }
}
