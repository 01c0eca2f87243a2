using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Tailing;

public class RotatedFilesTests
{
    private static List<string> Discover(TempDirectory dir, string name, params string[] files)
    {
        foreach (var file in files)
        {
            File.WriteAllText(dir.File(file), "x\n");
        }

        return [.. RotatedFiles.Discover(dir.File(name)).Select(f => Path.GetFileName(f.Path))];
    }

    [Fact]
    public void Oldest_first_by_number_with_ten_after_nine_and_the_live_file_last()
    {
        using var dir = new TempDirectory();
        var found = Discover(dir, "redis-server.log",
            "redis-server.log", "redis-server.log.1", "redis-server.log.2.gz", "redis-server.log.9.gz",
            "redis-server.log.10.gz", "redis-server.log.bak", "redis-server.log.1.tmp", "redis-server.logx",
            "redis-server.log.gz", "redis-server.log.", "other.log.1");

        Assert.Equal(["redis-server.log.10.gz", "redis-server.log.9.gz", "redis-server.log.2.gz", "redis-server.log.1", "redis-server.log"], found);
    }

    [Fact]
    public void Zero_padded_numbers_sort_by_value()
    {
        using var dir = new TempDirectory();
        var found = Discover(dir, "server_audit.log",
            "server_audit.log.09", "server_audit.log.10", "server_audit.log.01", "server_audit.log", "server_audit.log.02");

        Assert.Equal(["server_audit.log.10", "server_audit.log.09", "server_audit.log.02", "server_audit.log.01", "server_audit.log"], found);
    }

    [Fact]
    public void A_gz_being_written_next_to_its_original_is_left_out()
    {
        using var dir = new TempDirectory();
        var found = Discover(dir, "a.log", "a.log.2", "a.log.2.gz", "a.log.3.gz");

        Assert.Equal(["a.log.3.gz", "a.log.2"], found);
    }

    [Fact]
    public void A_missing_directory_has_no_files()
    {
        using var dir = new TempDirectory();
        Assert.Empty(RotatedFiles.Discover(Path.Combine(dir.Path, "missing", "a.log")));
    }
}
