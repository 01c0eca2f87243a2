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

    /// <summary>The gateway's answer to a request it refuses as a whole: APIGW.0308 when throttled, APIGW.0201 otherwise.</summary>
    public static ApiError RequestRejected(int status, string message) =>
        new(status, status == StatusCodes.Status429TooManyRequests ? "APIGW.0308" : "APIGW.0201", message);

    public static ApiError AuthenticationFailed(string reason) => new(401, "APIGW.0301", Prefix + reason);
}
