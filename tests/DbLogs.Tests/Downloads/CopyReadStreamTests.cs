using DbLogs.Server.Downloads;

namespace DbLogs.Tests.Downloads;

public sealed class CopyReadStreamTests
{
    [Fact]
    public async Task Reads_seeks_and_ends_like_a_file_stream()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
            await File.WriteAllBytesAsync(path, content);
            await using var stream = new CopyReadStream(File.OpenHandle(path));

            Assert.Equal(content.Length, stream.Length);
            var whole = new MemoryStream();
            await stream.CopyToAsync(whole, 65_536);
            Assert.Equal(content, whole.ToArray());
            Assert.Equal(0, await stream.ReadAsync(new byte[10]));

            stream.Seek(-5, SeekOrigin.End);
            var tail = new byte[10];
            Assert.Equal(5, await stream.ReadAsync(tail));
            Assert.Equal(content[^5..], tail[..5]);

            stream.Position = 123_456;
            stream.Seek(4, SeekOrigin.Current);
            var middle = new byte[3];
            Assert.Equal(3, stream.Read(middle, 0, 3));
            Assert.Equal(content[123_460..123_463], middle);
            Assert.Throws<ArgumentOutOfRangeException>(() => stream.Position = -1);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await stream.ReadAsync(new byte[1], new CancellationToken(canceled: true)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
