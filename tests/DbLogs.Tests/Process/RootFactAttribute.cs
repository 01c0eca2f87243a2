namespace DbLogs.Tests.Process;

/// <summary>A test that needs root (to mount a file system); skipped, with the reason, when the tests run as another user.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !ServerTools.IsRoot)
        {
            Skip = "needs root on Linux to mount a tmpfs; run the tests as root to include it";
        }
    }
}
