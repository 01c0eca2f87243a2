using System.Text.Json;
using DbLogs.Core.Files;

namespace DbLogs.Collection.Tailing;

/// <summary>
/// The agent's checkpoints, one per source key, in a JSON file replaced atomically: a crash leaves the old file or
/// the new one, never a mix.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;

    internal sealed record Document(int Version, IReadOnlyDictionary<string, SourceCheckpoint> Sources);

    /// <returns>The checkpoints by source key; empty when the file does not exist.</returns>
    /// <exception cref="InvalidDataException">The file is not a checkpoint file this agent can read.</exception>
    public static IReadOnlyDictionary<string, SourceCheckpoint> Load(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, SourceCheckpoint>();
        }

        Document? document;
        try
        {
            document = JsonSerializer.Deserialize(json, CheckpointJson.Default.Document);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint file '{path}' is corrupt: {e.Message}", e);
        }

        if (document is null)
        {
            throw new InvalidDataException($"Checkpoint file '{path}' is corrupt: it holds null.");
        }

        if (document.Version != FormatVersion)
        {
            throw new InvalidDataException(
                $"Checkpoint file '{path}' has format version {document.Version}; this agent reads version {FormatVersion}.");
        }

        foreach (var (key, checkpoint) in document.Sources)
        {
            foreach (var file in checkpoint.Files)
            {
                if (file.Offset < 0 || file.Size < 0 || !IsFingerprint(file))
                {
                    throw new InvalidDataException($"Checkpoint file '{path}' is corrupt: source '{key}', file '{file.Id}'.");
                }
            }
        }

        return document.Sources;
    }

    public static void Save(string path, IReadOnlyDictionary<string, SourceCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        DurableFile.Replace(path, stream =>
            JsonSerializer.Serialize(stream, new Document(FormatVersion, checkpoints), CheckpointJson.Default.Document));
    }

    private static bool IsFingerprint(FileCheckpoint file)
    {
        try
        {
            _ = Fingerprint.FromHex(file.FingerprintLength, file.FingerprintSha256);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
