using System.Text.Json;

namespace DbLogs.Cli.Admin;

/// <summary>Reads the admin API's snake_case fields for display.</summary>
internal static class JsonFields
{
    /// <summary>A field as text: strings as they are, numbers and booleans as JSON writes them, null or absent as <c>null</c>.</summary>
    public static string? Field(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>The items of an array body (none when the body is not an array).</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];
}
