namespace DbLogs.Cli.Cloud;

/// <summary>
/// Turns an error the API answered into the line the CLI prints: the API's own words, except where they point the
/// wrong way for someone holding an AK/SK (the gateway's canonical request, a token that was never sent), and for a
/// 401 the server called and where the credentials came from.
/// </summary>
internal static class ApiErrorExplanation
{
    private const string SignatureMismatch = "verify aksk signature fail";
    private const string CanonicalRequestPrefix = "canonicalRequest:";

    /// <summary>DCS's "Project ID does not match the token" and its RDS twin: the AK/SK belong to another project.</summary>
    private static readonly HashSet<string> ProjectMismatchCodes = ["DCS.1004", "DBS.200010"];

    public static string Explain(int status, string code, string? message, CloudClient client, bool verbose)
    {
        var text = message ?? string.Empty;
        var credentials = client.Credentials;
        var sources = client.Sources;
        string? detail = null;
        var keyNamed = false;
        if (text.Contains(SignatureMismatch, StringComparison.Ordinal))
        {
            var canonical = text.IndexOf(CanonicalRequestPrefix, StringComparison.Ordinal) is var at and >= 0
                ? text[(at + CanonicalRequestPrefix.Length)..]
                : null;
            text = $"the signature does not match: check the secret key (from {sources.SecretKey})";
            if (canonical is not null && verbose)
            {
                detail = $"the service's canonical request ('|' for each line break): {canonical}";
            }
            else if (canonical is not null)
            {
                text += "; --verbose shows the service's canonical request";
            }
        }
        else if (status is 401 or 403 && ProjectMismatchCodes.Contains(code))
        {
            text = $"project id {credentials.ProjectId} (from {sources.ProjectId}) does not belong to access key {credentials.AccessKey} " +
                $"(from {sources.AccessKey})";
            keyNamed = true;
        }

        if (status == 401)
        {
            text += keyNamed
                ? $" [called {client.EndpointText}]"
                : $" [called {client.EndpointText} with access key {credentials.AccessKey} from {sources.AccessKey}]";
        }

        return $"HTTP {status} {code}: {text}" + (detail is null ? string.Empty : $"{Environment.NewLine}  {detail}");
    }
}
