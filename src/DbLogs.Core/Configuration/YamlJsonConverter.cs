using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DbLogs.Core.Configuration;

/// <summary>
/// Converts a YAML document to a JSON document with the same keys. Plain scalars are resolved as in the YAML 1.2
/// core schema (<c>6379</c> is a number, <c>null</c>/<c>~</c>/empty are null, <c>true</c>/<c>false</c> booleans);
/// quoted, block and <c>!!str</c>-tagged scalars stay strings.
/// </summary>
public static partial class YamlJsonConverter
{
    public const int MaxDepth = 64;

    private const string StringTag = "tag:yaml.org,2002:str";

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex Integer { get; }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex Float { get; }

    public static JsonDocument Convert(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigValidationException(path, Describe(ex));
        }

        if (stream.Documents.Count != 1)
        {
            throw new ConfigValidationException(path, stream.Documents.Count == 0
                ? "not valid YAML: the file is empty"
                : "not valid YAML: expected one document, found several");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            try
            {
                Write(writer, stream.Documents[0].RootNode, depth: 0);
            }
            catch (YamlException ex)
            {
                throw new ConfigValidationException(path, Describe(ex));
            }
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        message = message.StartsWith('(') && cut > 0 ? message[(cut + 3)..] : message;
        return string.Create(CultureInfo.InvariantCulture,
            $"not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {message}");
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, "nested too deeply");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new YamlException(key.Start, key.End, "mapping keys must be plain strings");
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new YamlException(node.Start, node.End, "unsupported YAML node");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
        {
            writer.WriteStringValue(value);
        }
        else if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value[0] is 't' or 'T');
        }
        else if (Integer.IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (Float.IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
