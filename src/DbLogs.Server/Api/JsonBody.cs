using System.Text.Json;

namespace DbLogs.Server.Api;

/// <summary>Reads a small JSON request body, answering malformed or oversized bodies in the family's terms.</summary>
public static class JsonBody
{
    public static async Task<(JsonElement Root, ApiError? Error)> ReadObjectAsync(HttpContext context, IApiFamily family, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return (default, family.InvalidParameter("request body", "it is too large."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (default, family.InvalidParameter("request body", "it is too large."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, family.InvalidParameter("request body", "it is empty."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
                new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, family.InvalidParameter("request body", "it must be a JSON object."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, family.InvalidParameter("request body", "it is not valid JSON."));
        }
    }
}
