using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Tailing;

public class CheckpointFileTests
{
    private static readonly SourceCheckpoint Sample = new(
    [
        new FileCheckpoint(Guid.NewGuid().ToString(), 64768, 1234567, 1024, new string('a', 64), "/var/log/redis/redis-server.log.2.gz", true, 5000, 5000, true),
        new FileCheckpoint(Guid.NewGuid().ToString(), 64768, 7654321, 300, new string('b', 64), "/var/log/redis/redis-server.log", false, 120, 300, false),
    ]);

    [Fact]
    public void Saves_and_loads_every_source_with_no_temp_file_left()
    {
        using var dir = new TempDirectory();
        var path = dir.File("checkpoints.json");
        CheckpointFile.Save(path, new Dictionary<string, SourceCheckpoint> { ["node-1/redis-run"] = SourceCheckpoint.Empty });
        CheckpointFile.Save(path, new Dictionary<string, SourceCheckpoint> { ["node-1/redis-run"] = Sample, ["node-1/mariadb-audit"] = SourceCheckpoint.Empty });

        var loaded = CheckpointFile.Load(path);

        Assert.Equal(["checkpoints.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(Sample.Files, loaded["node-1/redis-run"].Files);
        Assert.Empty(loaded["node-1/mariadb-audit"].Files);
        Assert.Contains("\"version\": 1", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_no_checkpoint()
    {
        using var dir = new TempDirectory();
        Assert.Empty(CheckpointFile.Load(dir.File("checkpoints.json")));
    }

    [Theory]
    [InlineData("{\"version\": 1, \"sources\": {\"k\": {\"files\": [{\"id\": \"x\"}]}}}")]
    [InlineData("{\"version\": 1, \"sour")]
    [InlineData("null")]
    [InlineData("{\"version\": 2, \"sources\": {}}")]
    [InlineData("{\"version\": 1, \"sources\": {\"k\": {\"files\": [{\"id\": \"x\", \"device\": 1, \"inode\": 2, \"fingerprint_length\": 3, \"fingerprint_sha256\": \"zz\", \"path\": \"p\", \"compressed\": false, \"offset\": 0, \"size\": 0, \"finished\": false}]}}}")]
    public void A_corrupt_or_foreign_file_is_refused(string json)
    {
        using var dir = new TempDirectory();
        var path = dir.File("checkpoints.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
