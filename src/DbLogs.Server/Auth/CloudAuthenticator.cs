using System.Security.Cryptography;
using DbLogs.Server.Api;
using DbLogs.Server.Auth.Signing;
using DbLogs.Server.Auth.Tokens;
using DbLogs.Server.Secrets;
using DbLogs.Storage.Registry;
using Microsoft.AspNetCore.Http.Features;

namespace DbLogs.Server.Auth;

/// <summary>
/// Establishes the caller of a cloud-compatible route from an AK/SK signature (spec/auth.md) or an
/// <c>X-Auth-Token</c>, and checks that the credential's project is the one in the path.
/// </summary>
public sealed class CloudAuthenticator(
    IRegistryStore store,
    TokenService tokens,
    SecretProtector secrets,
    TimeProvider clock,
    DbLogsOptions options,
    ILogger<CloudAuthenticator> logger)
{
    private static readonly ApiError TooLarge = GatewayErrors.RequestRejected(StatusCodes.Status413PayloadTooLarge, "Request entity too large.");

    public async Task<(Caller? Caller, ApiError? Error)> AuthenticateAsync(HttpContext context, IApiFamily family, string pathProjectId)
    {
        var request = context.Request;
        if (request.ContentLength > options.MaxApiBodyBytes)
        {
            return (null, TooLarge);
        }

        string? projectId;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(SdkSignature.Algorithm, StringComparison.OrdinalIgnoreCase))
        {
            var (signedProject, error) = await VerifySignatureAsync(context, family, authorization);
            if (error is not null)
            {
                return (null, error);
            }

            projectId = signedProject;
        }
        else if (request.Headers.TryGetValue("X-Auth-Token", out var token) && !string.IsNullOrEmpty(token))
        {
            var (check, tokenProject) = await tokens.CheckAsync(token.ToString(), context.RequestAborted);
            switch (check)
            {
                case TokenCheck.Unknown:
                    return (null, family.InvalidToken);
                case TokenCheck.Expired:
                    return (null, family.TokenExpired);
            }

            projectId = tokenProject;
        }
        else
        {
            return (null, family.NoCredentials);
        }

        if (!string.Equals(projectId, pathProjectId, StringComparison.Ordinal))
        {
            return (null, family.ProjectMismatch);
        }

        return (new Caller(projectId!), null);
    }

    private async Task<(string? ProjectId, ApiError? Error)> VerifySignatureAsync(HttpContext context, IApiFamily family, string authorizationHeader)
    {
        var request = context.Request;
        if (!SdkAuthorization.TryParse(authorizationHeader, out var authorization))
        {
            return (null, GatewayErrors.SignatureMismatch);
        }

        var sdkDate = request.Headers["X-Sdk-Date"].ToString();
        if (!SdkSignature.TryParseSdkDate(sdkDate, out var signedAt))
        {
            return (null, GatewayErrors.AuthenticationFailed("X-Sdk-Date is missing or not in yyyyMMddTHHmmssZ format"));
        }

        var now = clock.GetUtcNow();
        if ((now - signedAt).Duration() > options.SignatureTolerance)
        {
            return (null, GatewayErrors.SignatureExpired(signedAt, now));
        }

        var key = await store.GetAccessKeyAsync(authorization.AccessKey, context.RequestAborted);
        if (key is null)
        {
            return (null, GatewayErrors.UnknownAccessKey);
        }

        // X-Sdk-Content-Sha256 stands for the body only as UNSIGNED-PAYLOAD, a client's explicit choice not to sign it
        // (the SDKs send it for streamed uploads). Any other value is ignored: the hash of the body received is what
        // the signature must cover, or a captured request could be replayed with another body under the old hash.
        var payloadHash = request.Headers["X-Sdk-Content-Sha256"].ToString();
        if (payloadHash != SdkSignature.UnsignedPayload)
        {
            var (hash, tooLarge) = await HashBodyAsync(request, context.RequestAborted);
            if (tooLarge)
            {
                return (null, TooLarge);
            }

            payloadHash = hash;
        }

        var (rawPath, rawQuery) = RawTarget(context);
        var canonical = CanonicalRequest.Build(request.Method, rawPath, rawQuery, authorization.SignedHeaders,
            name => request.Headers[name].Select(v => v ?? string.Empty).ToArray(), payloadHash);
        string secret;
        try
        {
            secret = secrets.Unprotect(key.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            logger.LogError("The secret of access key {AccessKey} cannot be decrypted with the configured master key", key.Ak);
            return (null, GatewayErrors.SignatureMismatch);
        }

        var expected = SdkSignature.Sign(secret, SdkSignature.StringToSign(sdkDate, canonical));
        if (!SdkSignature.SignatureEquals(expected, authorization.Signature))
        {
            // The real gateway echoes the canonical request (newlines as '|') so client authors can compare.
            return (null, GatewayErrors.AuthenticationFailed("verify aksk signature fail, canonicalRequest:" + canonical.Replace('\n', '|')));
        }

        if (authorization.SignedHeaders.Contains("x-project-id") &&
            !string.Equals(request.Headers["X-Project-Id"].ToString(), key.ProjectId, StringComparison.Ordinal))
        {
            return (null, family.ProjectMismatch);
        }

        return (key.ProjectId, null);
    }

    private async Task<(string Hash, bool TooLarge)> HashBodyAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering(options.MaxApiBodyBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > options.MaxApiBodyBytes)
                {
                    return (string.Empty, true);
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), false);
    }

    /// <summary>The path and query exactly as the client sent them; the decoded forms would change the signature.</summary>
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var q = raw.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (raw, string.Empty) : (raw[..q], raw[(q + 1)..]);
    }
}
