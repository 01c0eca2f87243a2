namespace DbLogs.Server.Api;

/// <summary>Errors the API gateway answers before a service sees the request; the same in every family.</summary>
public static class GatewayErrors
{
    private const string Prefix = "Incorrect IAM authentication information: ";

    public static ApiError SignatureMismatch { get; } = new(401, "APIGW.0301", Prefix + "verify aksk signature fail");

    public static ApiError UnknownAccessKey { get; } = new(401, "APIGW.0301", Prefix + "ak not exist");

    public static ApiError SignatureExpired(DateTimeOffset signed, DateTimeOffset now) => new(401, "APIGW.0301",
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Prefix}signature expired, signature time:{signed:yyyyMMdd'T'HHmmss'Z'}, server time:{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"));

    public static ApiError AuthenticationFailed(string reason) => new(401, "APIGW.0301", Prefix + reason);
}
