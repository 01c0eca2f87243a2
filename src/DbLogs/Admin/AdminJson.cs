using System.Text.Json;
using System.Text.Json.Serialization;

namespace DbLogs.Cli.Admin;

/// <summary>Request bodies as the admin API reads them: snake_case, absent rather than null.</summary>
internal static class AdminJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
