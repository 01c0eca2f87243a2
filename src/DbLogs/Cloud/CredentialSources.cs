namespace DbLogs.Cli.Cloud;

/// <summary>Where the access key, secret key and project id came from (<c>option --ak</c>, <c>environment variable DBLOGS_AK</c>), for messages.</summary>
public sealed record CredentialSources(string AccessKey, string SecretKey, string ProjectId);
