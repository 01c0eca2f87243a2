using System.Text;
using DbLogs.Core.Files;

namespace DbLogs.Tests.Core;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-durable-").FullName;

    [Fact]
    public async Task A_replacement_is_all_there_under_the_name_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "state.json");
        DurableFile.Replace(path, s => s.Write("old"u8));
        var length = await DurableFile.ReplaceAsync(path, (s, ct) => s.WriteAsync("newer"u8.ToArray(), ct).AsTask());

        Assert.Equal(5, length);
        Assert.Equal("newer", await File.ReadAllTextAsync(path));
        Assert.Equal(["state.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_replacement_that_fails_halfway_leaves_the_old_file_whole()
    {
        var path = Path.Combine(_dir, "state.json");
        DurableFile.Replace(path, s => s.Write("old"u8));

        Assert.Throws<InvalidOperationException>(() => DurableFile.Replace(path, s =>
        {
            s.Write("half"u8);
            throw new InvalidOperationException("write failed");
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => DurableFile.ReplaceAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(Encoding.ASCII.GetBytes("half"), ct);
            throw new InvalidOperationException("write failed");
        }));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["state.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_created_file_gets_its_permissions_and_never_replaces_one_already_there()
    {
        var path = Path.Combine(_dir, "master.key");
        DurableFile.Create(path, s => s.Write("first"u8), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<IOException>(() => DurableFile.Create(path, s => s.Write("second"u8), UnixFileMode.UserRead | UnixFileMode.UserWrite));

        Assert.Equal("first", await File.ReadAllTextAsync(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal(["master.key"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Syncing_a_directory_that_is_not_there_is_an_error_not_a_silent_success()
    {
        DurableFile.SyncDirectory(_dir);

        var error = Assert.Throws<IOException>(() => DurableFile.SyncDirectory(Path.Combine(_dir, "missing")));
        Assert.Contains("open(", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => ServerTools.DeleteDirectory(_dir);
}
