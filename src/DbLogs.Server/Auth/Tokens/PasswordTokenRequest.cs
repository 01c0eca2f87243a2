using System.Text.Json;

namespace DbLogs.Server.Auth.Tokens;

/// <summary>The parts of an IAM password-method token request that DbLogs uses.</summary>
internal sealed record PasswordTokenRequest(string UserName, string Password, string? DomainName, string? ScopeProjectId, string? ScopeProjectName)
{
    public static bool TryRead(JsonElement body, out PasswordTokenRequest request, out string problem)
    {
        request = null!;
        if (!TryPath(body, out var identity, "auth", "identity") ||
            !TryPath(identity, out var methods, "methods") || methods.ValueKind != JsonValueKind.Array ||
            !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "password"))
        {
            problem = "auth.identity.methods must include \"password\".";
            return false;
        }

        if (!TryPath(identity, out var user, "password", "user") ||
            !TryString(user, "name", out var name) || !TryString(user, "password", out var password))
        {
            problem = "auth.identity.password.user needs name and password.";
            return false;
        }

        string? domain = null;
        if (TryPath(user, out var domainElement, "domain") && domainElement.ValueKind == JsonValueKind.Object &&
            TryString(domainElement, "name", out var domainName))
        {
            domain = domainName;
        }

        if (!TryPath(body, out var project, "auth", "scope", "project") || project.ValueKind != JsonValueKind.Object)
        {
            problem = "auth.scope.project is required: DbLogs issues project-scoped tokens only.";
            return false;
        }

        TryString(project, "id", out var projectId);
        TryString(project, "name", out var projectName);
        if (projectId is null && projectName is null)
        {
            problem = "auth.scope.project needs id or name.";
            return false;
        }

        request = new PasswordTokenRequest(name!, password!, domain, projectId, projectId is null ? projectName : null);
        problem = string.Empty;
        return true;
    }

    private static bool TryPath(JsonElement element, out JsonElement found, params string[] path)
    {
        found = element;
        foreach (var key in path)
        {
            if (found.ValueKind != JsonValueKind.Object || !found.TryGetProperty(key, out found))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryString(JsonElement element, string key, out string? value)
    {
        value = element.TryGetProperty(key, out var property) && property.ValueKind == JsonValueKind.String &&
                property.GetString() is { Length: > 0 and <= 1024 } s ? s : null;
        return value is not null;
    }
}
