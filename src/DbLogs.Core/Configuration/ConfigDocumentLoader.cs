using System.Globalization;
using System.Text.Json;

namespace DbLogs.Core.Configuration;

/// <summary>Loads a configuration file (bootstrap, agent) as a JSON document: JSON as is, <c>.yaml</c>/<c>.yml</c> converted from YAML.</summary>
public static class ConfigDocumentLoader
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = YamlJsonConverter.MaxDepth,
    };

    public static JsonDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigValidationException(path, "file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
            or NotSupportedException or System.Security.SecurityException)
        {
            throw new ConfigValidationException(path, $"cannot read the file: {ex.Message}");
        }

        var extension = Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) ||
            extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            ? YamlJsonConverter.Convert(text, path)
            : ParseJson(text, path);
    }

    private static JsonDocument ParseJson(string text, string path)
    {
        try
        {
            return JsonDocument.Parse(text, JsonOptions);
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture,
                    $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}")
                : "";
            throw new ConfigValidationException(path, $"not valid JSON{where}: {message}");
        }
    }
}
