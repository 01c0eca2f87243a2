namespace DbLogs.Server.Auth.Passwords;

/// <summary>How password sign-ins (<c>POST /v3/auth/tokens</c>) are throttled; configuration section <c>Login</c>.</summary>
public sealed class LoginOptions
{
    /// <summary>Failed attempts for one user name within <see cref="FailureWindow"/> that lock it (IAM's default is 5).</summary>
    public int MaxFailuresPerUser { get; set; } = 5;

    /// <summary>Failed attempts from one client address within <see cref="FailureWindow"/> that throttle it.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked user name (or throttled address) is answered 429 without a password check.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Password hashes computed at once; the rest of the CPU stays with the other requests. 0: half the cores.</summary>
    public int ConcurrentChecks { get; set; }

    /// <summary>Sign-ins that may wait for a free check before further ones are answered 429 at once.</summary>
    public int QueuedChecks { get; set; } = 16;
}
