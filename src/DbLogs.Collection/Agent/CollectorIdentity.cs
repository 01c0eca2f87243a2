namespace DbLogs.Collection.Agent;

/// <summary>
/// The agent's collector id, kept in its state directory next to the checkpoints it belongs to: a restart keeps owning the
/// sources it shipped, while a second agent (another state directory) is a different collector, which the service refuses
/// for a source the first one owns.
/// </summary>
public static class CollectorIdentity
{
    public const string FileName = "collector-id";

    public static string LoadOrCreate(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 and <= 128 } existing)
        {
            return existing;
        }

        var id = "agent-" + Guid.NewGuid().ToString("N");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, id);
        File.Move(temporary, path, overwrite: true);
        return id;
    }
}
