using System.Text.Json;

namespace DbLogs.Core.Configuration;

/// <summary>Reads the members of one JSON object, rejecting unknown and duplicate keys and tracking key paths.</summary>
public sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> members;

    private JsonObjectReader(string path, Dictionary<string, JsonElement> members)
    {
        Path = path;
        this.members = members;
    }

    /// <summary>The path of this object; empty for the document root.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="element"/> as an object whose keys must all be in <paramref name="allowedKeys"/>.</summary>
    public static JsonObjectReader Open(JsonElement element, string path, IReadOnlyList<string> allowedKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "must be an object");
        }

        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var keyPath = Child(path, property.Name);
            if (!allowedKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Error(keyPath, $"unknown key (expected one of: {string.Join(", ", allowedKeys)})");
            }

            if (!found.TryAdd(property.Name, property.Value))
            {
                throw Error(keyPath, "duplicate key");
            }
        }

        return new JsonObjectReader(path, found);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Item(string path, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>An error at <paramref name="path"/>; the document root is shown as <c>$</c>.</summary>
    public static ConfigValidationException Error(string path, string problem) =>
        new(path.Length == 0 ? "$" : path, problem);

    public string PathOf(string key) => Child(Path, key);

    /// <summary>True when the key is present, even with a <c>null</c> value.</summary>
    public bool Has(string key) => members.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or JSON <c>null</c>.</summary>
    public JsonElement? Get(string key) =>
        members.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Throws when <paramref name="key"/> is present at all.</summary>
    public void Forbid(string key, string problem)
    {
        if (Has(key))
        {
            throw Error(PathOf(key), problem);
        }
    }

    public string RequiredString(string key, string expected) =>
        OptionalString(key, expected) ?? throw Error(PathOf(key), $"is required; expected {expected}");

    public string? OptionalString(string key, string expected)
    {
        if (Get(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error(PathOf(key), $"must be a string; expected {expected}");
    }

    public int RequiredInteger(string key, int min, int max)
    {
        var expected = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"an integer from {min} to {max}");
        if (Get(key) is not { } value)
        {
            throw Error(PathOf(key), $"is required; expected {expected}");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) ||
            number != decimal.Truncate(number))
        {
            throw Error(PathOf(key), $"must be an integer; expected {expected}");
        }

        return number >= min && number <= max
            ? (int)number
            : throw Error(PathOf(key), $"is out of range; expected {expected}");
    }

    /// <summary>The items of an array member with their paths; an absent or null optional array is empty.</summary>
    public IReadOnlyList<(JsonElement Element, string Path)> Array(string key, bool required, string expected)
    {
        var path = PathOf(key);
        if (Get(key) is not { } value)
        {
            return required ? throw Error(path, $"is required; expected {expected}") : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"must be an array; expected {expected}");
        }

        var items = value.EnumerateArray().Select((item, index) => (item, Item(path, index))).ToList();
        return required && items.Count == 0 ? throw Error(path, $"must not be empty; expected {expected}") : items;
    }

    /// <summary>The members of an object member with their paths; absent or null is empty.</summary>
    public IReadOnlyList<(string Key, JsonElement Element, string Path)> Members(string key)
    {
        var path = PathOf(key);
        if (Get(key) is not { } value)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "must be an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, JsonElement, string)>();
        foreach (var property in value.EnumerateObject())
        {
            var memberPath = Child(path, property.Name);
            if (!seen.Add(property.Name))
            {
                throw Error(memberPath, "duplicate key");
            }

            result.Add((property.Name, property.Value, memberPath));
        }

        return result;
    }
}
