using System.Text;
using DbLogs.Collection.Redis;
using DbLogs.Core.Ingest;

namespace DbLogs.Tests.RedisSlowlog;

public class RespParserTests
{
    private static RespValue ParseAll(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(RespParser.TryParse(bytes, out var value, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        return value!;
    }

    [Fact]
    public void Scalars_parse_to_their_types()
    {
        Assert.Equal((RespType.SimpleString, "OK"), (ParseAll("+OK\r\n").Type, ParseAll("+OK\r\n").Text));
        Assert.Equal((RespType.Error, "WRONGPASS invalid username-password pair"),
            (ParseAll("-WRONGPASS invalid username-password pair\r\n").Type, ParseAll("-WRONGPASS invalid username-password pair\r\n").Text));
        Assert.Equal(-42, ParseAll(":-42\r\n").Integer);
        Assert.Equal("a\r\nb", ParseAll("$4\r\na\r\nb\r\n").Text);
        Assert.Equal(string.Empty, ParseAll("$0\r\n\r\n").Text);
        Assert.Equal("Grüße", ParseAll("$7\r\nGrüße\r\n").Text);
    }

    [Fact]
    public void Null_bulk_and_null_array_are_null()
    {
        Assert.Equal(RespType.Null, ParseAll("$-1\r\n").Type);
        Assert.Equal(RespType.Null, ParseAll("*-1\r\n").Type);
        Assert.Empty(ParseAll("*0\r\n").Items!);
    }

    [Fact]
    public void Nested_arrays_keep_their_shape()
    {
        // A SLOWLOG GET reply of one entry: [id, time, duration, [argv], client, name], with a null inside for good measure.
        var value = ParseAll("*2\r\n*6\r\n:7\r\n:1700000000\r\n:20512\r\n*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$4\r\n0.02\r\n$15\r\n127.0.0.1:50000\r\n$0\r\n\r\n$-1\r\n");

        Assert.Equal(RespType.Array, value.Type);
        var entry = value.Items![0];
        Assert.Equal(7, entry.Items![0].Integer);
        Assert.Equal(["DEBUG", "SLEEP", "0.02"], entry.Items[3].Items!.Select(i => i.Text));
        Assert.Equal(RespType.Null, value.Items[1].Type);
        var parsed = Assert.Single(SlowlogReply.Parse(value));
        Assert.Equal(new SlowlogEntry(7, 1700000000, 20512, parsed.Args, "127.0.0.1:50000", ""), parsed);
        Assert.Equal("DEBUG SLEEP 0.02", parsed.CommandText());
    }

    [Fact]
    public void Every_prefix_of_a_reply_is_incomplete_and_consumes_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("*3\r\n$3\r\nfoo\r\n*2\r\n:1\r\n$-1\r\n-ERR x\r\n");
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(RespParser.TryParse(bytes.AsSpan(0, length), out var value, out var consumed), $"prefix of {length} bytes");
            Assert.Null(value);
            Assert.Equal(0, consumed);
        }

        Assert.True(RespParser.TryParse(bytes, out _, out var all));
        Assert.Equal(bytes.Length, all);
    }

    [Fact]
    public void Two_replies_in_one_buffer_are_read_one_at_a_time()
    {
        var bytes = Encoding.UTF8.GetBytes("+OK\r\n:5\r\n");

        Assert.True(RespParser.TryParse(bytes, out var first, out var consumed));
        Assert.True(RespParser.TryParse(bytes.AsSpan(consumed), out var second, out var rest));

        Assert.Equal(("OK", 5L, 5, 4), (first!.Text, second!.Integer, consumed, rest));
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*-5\r\n")]
    [InlineData("\r\n")]
    public void Malformed_replies_are_protocol_errors(string text) =>
        Assert.Throws<RespProtocolException>(() => RespParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));

    [Fact]
    public void Arrays_nested_too_deep_are_refused()
    {
        var text = string.Concat(Enumerable.Repeat("*1\r\n", RespParser.MaxDepth + 1)) + ":1\r\n";

        Assert.Throws<RespProtocolException>(() => RespParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public async Task A_reply_arriving_one_byte_per_read_is_assembled()
    {
        var reply = "*2\r\n$5\r\nhello\r\n*1\r\n:99\r\n+PONG\r\n";
        await using var connection = new RespConnection(new TrickleStream(Encoding.UTF8.GetBytes(reply)), TimeSpan.FromSeconds(5));

        var first = await connection.ExecuteAsync(["ANY"], CancellationToken.None);
        var second = await connection.ExecuteAsync(["PING"], CancellationToken.None);

        Assert.Equal("[hello, [99]]", first.ToString());
        Assert.Equal("PONG", second.Text);
    }

    [Fact]
    public async Task A_large_bulk_reply_grows_the_buffer()
    {
        var big = new string('x', 100_000);
        await using var connection = new RespConnection(new TrickleStream(Encoding.UTF8.GetBytes($"${big.Length}\r\n{big}\r\n"), chunk: 7000),
            TimeSpan.FromSeconds(5));

        Assert.Equal(big, (await connection.ExecuteAsync(["GET", "k"], CancellationToken.None)).Text);
    }

    [Fact]
    public async Task A_server_that_stops_answering_times_out()
    {
        await using var connection = new RespConnection(new TrickleStream("$10\r\nabc"u8.ToArray(), hangAtEnd: true), TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<TimeoutException>(() => connection.ExecuteAsync(["GET", "k"], CancellationToken.None));
    }

    [Fact]
    public async Task A_connection_closed_inside_a_reply_is_an_io_error()
    {
        await using var connection = new RespConnection(new TrickleStream("*2\r\n:1\r\n"u8.ToArray()), TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<IOException>(() => connection.ExecuteAsync(["X"], CancellationToken.None));
    }

    [Fact]
    public void Commands_are_encoded_as_arrays_of_bulk_strings()
    {
        Assert.Equal("*3\r\n$7\r\nSLOWLOG\r\n$3\r\nGET\r\n$2\r\nü\r\n", Encoding.UTF8.GetString(RespConnection.Encode(["SLOWLOG", "GET", "ü"])));
    }

    [Fact]
    public void Command_text_quotes_arguments_that_would_be_ambiguous()
    {
        var entry = new SlowlogEntry(1, 0, 1, ["SET", "my key", "", "say \"hi\"\n"], "127.0.0.1:1", "");

        Assert.Equal("SET \"my key\" \"\" \"say \\\"hi\\\"\\n\"", entry.CommandText());
    }

    [Fact]
    public void Info_fields_are_found_by_key()
    {
        const string Info = "# Server\r\nredis_version:7.0.15\r\nrun_id:abc123\r\nrun_id_x:no\r\n";

        Assert.Equal("abc123", RedisInfo.Field(Info, "run_id"));
        Assert.Null(RedisInfo.Field(Info, "tcp_port"));
    }

    /// <summary>Hands out the reply a few bytes per read; writes are swallowed. At the end: EOF, or never answers.</summary>
    private sealed class TrickleStream(byte[] reply, int chunk = 1, bool hangAtEnd = false) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == reply.Length)
            {
                if (hangAtEnd)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return 0;
            }

            var count = Math.Min(Math.Min(chunk, buffer.Length), reply.Length - _position);
            reply.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            await Task.Yield();
            return count;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }
    }
}
