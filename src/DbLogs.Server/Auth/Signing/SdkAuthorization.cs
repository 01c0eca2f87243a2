namespace DbLogs.Server.Auth.Signing;

/// <summary>
/// The parts of an <c>Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…</c> header.
/// </summary>
/// <param name="AccessKey">The AK, as sent.</param>
/// <param name="SignedHeaders">Signed header names, lower-cased, in the order sent.</param>
/// <param name="Signature">The hex signature, as sent.</param>
public readonly record struct SdkAuthorization(string AccessKey, IReadOnlyList<string> SignedHeaders, string Signature);
