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

            if (!HasOnlyValidText(document.RootElement))
            {
                return (default, family.InvalidParameter("request body", "a string is not valid UTF-8 or holds a lone surrogate."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, family.InvalidParameter("request body", "it is not valid JSON."));
        }
    }

    /// <summary>
    /// Whether every name and string decodes to UTF-16: the parser accepts invalid UTF-8 and escaped lone surrogates
    /// and leaves them to fail (as an exception, a 500) wherever a route later reads the string.
    /// </summary>
    private static bool HasOnlyValidText(JsonElement element)
    {
        try
        {
            return Decodes(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Decodes(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!Decodes(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!Decodes(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
    }
}
