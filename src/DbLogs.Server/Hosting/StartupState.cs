namespace DbLogs.Server.Hosting;

/// <summary>Whether <see cref="StartupInitializer"/> has finished: schema migrated, streams recovered, bootstrap applied.</summary>
public sealed class StartupState
{
    private volatile bool _done;

    public bool Done => _done;

    internal void MarkDone() => _done = true;
}
