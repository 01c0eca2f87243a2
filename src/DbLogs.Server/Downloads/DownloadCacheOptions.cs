namespace DbLogs.Server.Downloads;

/// <summary>The raw copies that downloads are served from once a file is asked for again (<c>--DownloadCache:…</c>); see <see cref="DownloadCache"/>.</summary>
public sealed class DownloadCacheOptions
{
    /// <summary>Whether a file downloaded again gets a raw copy.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most bytes all copies together take; a larger file is never copied. The least recently read copies go first.</summary>
    public long MaxBytes { get; set; } = 4L << 30;

    /// <summary>How long a copy that no request reads is kept.</summary>
    public TimeSpan IdleTime { get; set; } = TimeSpan.FromMinutes(10);
}
