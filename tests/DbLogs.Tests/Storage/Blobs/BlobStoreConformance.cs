using DbLogs.Storage.Blobs;

namespace DbLogs.Tests.Storage.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, run against each implementation (<see cref="LocalBlobStoreTests"/>,
/// <see cref="S3BlobStoreTests"/>). Stores are made with small pages (<see cref="PageSize"/> keys per listing request) and small
/// parts (<see cref="PartBytes"/>), so listings and uploads of a few MiB cross their boundaries.
/// </summary>
public abstract class BlobStoreConformance
{
    public const int PageSize = 3;
    public const int PartBytes = 5 << 20;

    /// <summary>A new, empty store of the implementation under test.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    [Theory]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(PartBytes - 1, false)]
    [InlineData(PartBytes, false)]
    [InlineData((2 * PartBytes) + 12_345, false)]
    [InlineData((2 * PartBytes) + 12_345, true)]
    public async Task Create_ThenRead_GivesTheSameBytes(int length, bool seekable)
    {
        var store = await CreateStoreAsync();
        var data = Bytes(length, seed: length);
        using Stream content = seekable ? new MemoryStream(data) : new ForwardOnlyStream(data);

        Assert.True(await store.CreateAsync("s/1/object", content));

        Assert.Equal(length, await store.LengthAsync("s/1/object"));
        Assert.Equal(data, await ReadAsync(store, "s/1/object"));
    }

    [Theory]
    [InlineData(0, 1, 0, 1)]
    [InlineData(999, 1, 999, 1)]
    [InlineData(999, 10, 999, 1)]
    [InlineData(500, null, 500, 500)]
    [InlineData(1000, 5, 0, 0)]
    [InlineData(1000, null, 0, 0)]
    [InlineData(10, 0, 0, 0)]
    [InlineData(0, null, 0, 1000)]
    public async Task RangedRead_GivesTheBytesInTheWindow_CutAtTheEnd(int offset, int? length, int expectedStart, int expectedLength)
    {
        var store = await CreateStoreAsync();
        var data = Bytes(1000, seed: 7);
        Assert.True(await store.CreateAsync("r", new MemoryStream(data)));

        Assert.Equal(data.AsSpan(expectedStart, expectedLength).ToArray(), await ReadAsync(store, "r", offset, length));
    }

    [Fact]
    public async Task RangedRead_AcrossAPartBoundary_GivesThoseBytes()
    {
        var store = await CreateStoreAsync();
        var data = Bytes((2 * PartBytes) + 100, seed: 3);
        Assert.True(await store.CreateAsync("big", new MemoryStream(data)));

        Assert.Equal(data.AsSpan(PartBytes - 10, 20).ToArray(), await ReadAsync(store, "big", PartBytes - 10, 20));
        Assert.Equal(data.AsSpan(data.Length - 50).ToArray(), await ReadAsync(store, "big", data.Length - 50, 1000));
    }

    [Fact]
    public async Task RangedRead_PastTheEnd_IsRefused_AndAnEmptyObjectReadsEmpty()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.CreateAsync("ten", new MemoryStream(Bytes(10, seed: 1))));
        Assert.True(await store.CreateAsync("empty", new MemoryStream()));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.OpenReadAsync("ten", 11, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.OpenReadAsync("empty", 1));
        Assert.Empty(await ReadAsync(store, "empty", 0, 10));
        Assert.Empty(await ReadAsync(store, "empty"));
    }

    [Fact]
    public async Task Create_OfAnExistingKey_ChangesNothing_AndSaysSo()
    {
        var store = await CreateStoreAsync();
        var first = Bytes(100, seed: 1);

        Assert.True(await store.CreateAsync("k", new MemoryStream(first)));
        Assert.False(await store.CreateAsync("k", new MemoryStream(Bytes(50, seed: 2))));
        Assert.False(await store.CreateAsync("k", new MemoryStream()));
        Assert.False(await store.CreateAsync("k", new ForwardOnlyStream(Bytes(PartBytes + 1, seed: 3))));

        Assert.Equal(first, await ReadAsync(store, "k"));
    }

    [Fact]
    public async Task TwoCreates_OfOneKeyAtOnce_ExactlyOneWins_AndItsBytesAreStored()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < 8; round++)
        {
            var key = $"race/{round}";
            var contents = new[] { Bytes(4096, seed: (2 * round) + 1), Bytes(4096, seed: (2 * round) + 2) };
            using var start = new ManualResetEventSlim();
            var creates = contents.Select(content => Task.Run(() =>
            {
                start.Wait();
                return store.CreateAsync(key, new MemoryStream(content));
            })).ToArray();
            start.Set();
            var won = await Task.WhenAll(creates);

            Assert.Equal(1, won.Count(created => created));
            Assert.Equal(contents[Array.IndexOf(won, true)], await ReadAsync(store, key));
        }
    }

    [Fact]
    public async Task List_ReturnsEveryKeyUnderThePrefix_InOrder_AcrossPages()
    {
        var store = await CreateStoreAsync();
        var under = Enumerable.Range(0, (3 * PageSize) + 2).Select(i => $"p/{i:D3}.part").ToList();
        foreach (var key in (string[])[.. under, "p/sub/x", "px", "q/1", "o"])
        {
            Assert.True(await store.CreateAsync(key, new MemoryStream(Bytes(key.Length, seed: key.Length))));
        }

        var listed = await ListAsync(store, "p/");

        Assert.Equal([.. under, "p/sub/x"], listed.Select(entry => entry.Key));
        Assert.All(listed, entry => Assert.Equal(entry.Key.Length, entry.Length));
        Assert.Equal(["p/000.part", "p/001.part"], (await ListAsync(store, "p/00")).Select(entry => entry.Key).Take(2));
        Assert.Equal(["p/sub/x"], (await ListAsync(store, "p/s")).Select(entry => entry.Key));
        Assert.Equal(under.Count + 2, (await ListAsync(store, "p")).Count);
        Assert.Equal(under.Count + 4, (await ListAsync(store, string.Empty)).Count);
        Assert.Empty(await ListAsync(store, "nothing/"));
    }

    [Fact]
    public async Task Delete_RemovesTheObject_AndTheKeyCanBeCreatedAgain()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.CreateAsync("d/1", new MemoryStream(Bytes(10, seed: 1))));
        Assert.True(await store.CreateAsync("d/2", new MemoryStream(Bytes(10, seed: 2))));

        await store.DeleteAsync("d/1");
        await store.DeleteAsync("d/never");

        Assert.Null(await store.LengthAsync("d/1"));
        Assert.Null(await store.OpenReadAsync("d/1"));
        Assert.Equal(["d/2"], (await ListAsync(store, "d/")).Select(entry => entry.Key));
        var again = Bytes(20, seed: 3);
        Assert.True(await store.CreateAsync("d/1", new MemoryStream(again)));
        Assert.Equal(again, await ReadAsync(store, "d/1"));
    }

    [Fact]
    public async Task MissingKey_IsAbsent()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.LengthAsync("no/such"));
        Assert.Null(await store.OpenReadAsync("no/such"));
        Assert.Null(await store.OpenReadAsync("no/such", 5, 10));
        Assert.Null(await store.OpenReadAsync("no/such", 0, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a//b")]
    [InlineData("../x")]
    [InlineData("a/./b")]
    [InlineData(".hidden")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    public async Task BadKeys_AreRefused(string key)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LengthAsync(key));
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    protected static async Task<byte[]> ReadAsync(IBlobStore store, string key, long offset = 0, long? length = null)
    {
        await using var stream = await store.OpenReadAsync(key, offset, length);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    protected static async Task<List<BlobEntry>> ListAsync(IBlobStore store, string prefix)
    {
        var entries = new List<BlobEntry>();
        await foreach (var entry in store.ListAsync(prefix))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
