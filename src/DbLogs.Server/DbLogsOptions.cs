namespace DbLogs.Server;

/// <summary>
/// Service settings, bound from configuration: appsettings.json, <c>DBLOGS_</c> environment variables
/// (<c>DBLOGS_DATA</c>, <c>DBLOGS_BOOTSTRAP</c>, <c>DBLOGS_MASTERKEY</c>) and the command line
/// (<c>--data</c>, <c>--bootstrap</c>, <c>--urls</c>).
/// </summary>
public sealed class DbLogsOptions
{
    /// <summary>The data directory: SQLite store, key files, collected logs.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>A bootstrap file applied at every start (spec/bootstrap.md).</summary>
    public string? Bootstrap { get; set; }

    /// <summary>How long an issued token is accepted; IAM's is 24 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far an AK/SK request's X-Sdk-Date may be from the server clock.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Base64 of a 32-byte key that encrypts SKs and node passwords; generated into the data directory when absent.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Whether <c>serve</c> tails the log files the registry names on this host (see EmbeddedCollector).</summary>
    public bool EmbeddedCollector { get; set; } = true;

    /// <summary>Throttling and lockout of password sign-ins.</summary>
    public Auth.Passwords.LoginOptions Login { get; set; } = new();

    /// <summary>The largest request body the cloud-compatible routes read (they take small JSON documents).</summary>
    public int MaxApiBodyBytes { get; set; } = 1 << 20;

    /// <summary>The scheme, host and path prefix download links start with; by default the host the client called.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How often the embedded collector reads its MariaDB nodes' audit state and retries a policy that failed.</summary>
    public TimeSpan AuditPolicyInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This node's name among the service nodes sharing a store (<c>dblogs admin nodes</c>); by default the host name and a random suffix.</summary>
    public string? NodeId { get; set; }

    /// <summary>Limits of the live tail's clients (slow ones are dropped).</summary>
    public Tail.TailOptions LiveTail { get; set; } = new();

    /// <summary>The raw copies of files that are downloaded again.</summary>
    public Downloads.DownloadCacheOptions DownloadCache { get; set; } = new();
}
