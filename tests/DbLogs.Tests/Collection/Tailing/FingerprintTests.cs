using System.Text;
using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Tailing;

public class FingerprintTests
{
    [Fact]
    public void Matches_a_longer_file_with_the_same_first_bytes_only()
    {
        var fingerprint = Fingerprint.Of("20251121 15:27:01,db,app\n"u8);

        Assert.Equal(25, fingerprint.Length);
        Assert.True(fingerprint.Matches("20251121 15:27:01,db,app\nmore\n"u8));
        Assert.False(fingerprint.Matches("20251121 15:27:02,db,app\nmore\n"u8));
        Assert.False(fingerprint.Matches("20251121 15:27:01"u8));
    }

    [Fact]
    public void Without_a_complete_line_it_identifies_only_a_file_that_did_not_grow()
    {
        var partial = Fingerprint.Of("1234:M 21 Nov"u8);
        var empty = Fingerprint.Of([]);
        var line = Fingerprint.Of("1234:M 21 Nov 2025 15:27:01.123 * Ready\n"u8);

        Assert.True(partial.Identifies("1234:M 21 Nov"u8, 13));
        Assert.False(partial.Identifies("1234:M 21 Nov 2025 15:30:00.000 * other\n"u8, 40));
        Assert.True(empty.Identifies([], 0));
        Assert.False(empty.Identifies("x\n"u8, 2));
        Assert.True(line.Identifies("1234:M 21 Nov 2025 15:27:01.123 * Ready\nmore\n"u8, 45));
    }

    [Fact]
    public void Covers_at_most_the_first_1024_bytes_and_round_trips_as_hex()
    {
        var head = Encoding.ASCII.GetBytes(new string('a', 2000));
        var fingerprint = Fingerprint.Of(head);
        var again = Fingerprint.FromHex(fingerprint.Length, fingerprint.HashHex);

        Assert.Equal(1024, fingerprint.Length);
        Assert.True(again.Matches(head));
        Assert.Throws<FormatException>(() => Fingerprint.FromHex(1025, fingerprint.HashHex));
        Assert.Throws<FormatException>(() => Fingerprint.FromHex(10, "abc"));
    }

    [Fact]
    public void File_identity_is_dev_and_inode_of_the_path_or_the_open_handle()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.log");
        File.WriteAllText(path, "hello\n");

        Assert.True(FileStat.TryOf(path, out var byPath));
        using var handle = File.OpenHandle(path);
        var byHandle = FileStat.Of(handle);
        File.Move(path, path + ".1");
        Assert.True(FileStat.TryOf(path + ".1", out var renamed));

        Assert.Equal(6, byPath.Size);
        Assert.Equal(byPath, byHandle);
        Assert.Equal(byPath.Identity, renamed.Identity);
        Assert.NotEqual(0UL, byPath.Identity.Inode);
        Assert.False(FileStat.TryOf(path, out _));
        Assert.False(FileStat.TryOf(dir.File("missing/x"), out _));
    }
}
