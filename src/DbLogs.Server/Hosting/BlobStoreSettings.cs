using DbLogs.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace DbLogs.Server.Hosting;

/// <summary>
/// The <c>Blobs:S3</c> settings made ready to use: null when the section is absent (blobs stay in the data directory), else
/// every required setting present and <c>SecretKey=env:NAME</c> read from the environment. Errors never show a key.
/// </summary>
public static class BlobStoreSettings
{
    private const string EnvPrefix = "env:";

    public static S3BlobOptions? Resolve(IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(S3BlobOptions.Section);
        if (!section.Exists())
        {
            return null;
        }

        var options = section.Get<S3BlobOptions>() ?? new S3BlobOptions();
        var missing = new (string Name, string? Value)[]
        {
            (nameof(options.ServiceUrl), options.ServiceUrl), (nameof(options.Bucket), options.Bucket),
            (nameof(options.AccessKey), options.AccessKey), (nameof(options.SecretKey), options.SecretKey),
        }.Where(setting => string.IsNullOrEmpty(setting.Value)).Select(setting => $"{S3BlobOptions.Section}:{setting.Name}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The object store for blobs needs {string.Join(", ", missing)}.");
        }

        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{S3BlobOptions.Section}:ServiceUrl must be an http:// or https:// URL.");
        }

        if (options.SecretKey!.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            var variable = options.SecretKey[EnvPrefix.Length..];
            options.SecretKey = environment(variable) ??
                throw new InvalidOperationException($"{S3BlobOptions.Section}:SecretKey is read from environment variable {variable}, which is not set.");
        }

        return options;
    }
}
