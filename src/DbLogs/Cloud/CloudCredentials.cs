namespace DbLogs.Cli.Cloud;

/// <summary>An access key pair and the project the requests are scoped to (sent as <c>X-Project-Id</c>).</summary>
public sealed record CloudCredentials(string AccessKey, string SecretKey, string ProjectId);
