using System.Text.Json.Serialization;
using DbLogs.Collection.Redis;

namespace DbLogs.Collection.Tailing;

/// <summary>The agent's checkpoint files (snake_case, indented for operators), serialized by compile-time generated code.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CheckpointFile.Document))]
[JsonSerializable(typeof(Dictionary<string, SlowlogCursor>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, SlowlogCursor>))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
