using DbLogs.Collection.Redis;
using DbLogs.Core.Ingest;
using StackExchange.Redis;

namespace DbLogs.Tests.RedisSlowlog;

/// <summary>Reading SLOWLOG GET and INFO replies as StackExchange.Redis hands them over.</summary>
public class SlowlogReplyTests
{
    private static RedisResult Integer(long value) => RedisResult.Create(value, ResultType.Integer);

    private static RedisResult Bulk(string? value) => RedisResult.Create(value, ResultType.BulkString);

    [Fact]
    public void An_entry_reads_its_id_time_duration_arguments_client_and_name_and_odd_shapes_are_skipped()
    {
        // [id, time, duration, [argv], client, name], then a null and an entry cut short.
        var reply = RedisResult.Create(
        [
            RedisResult.Create([Integer(7), Integer(1700000000), Integer(20512), RedisResult.Create([Bulk("DEBUG"), Bulk("SLEEP"), Bulk("Grüße")]),
                Bulk("127.0.0.1:50000"), Bulk(string.Empty)]),
            Bulk(null),
            RedisResult.Create([Integer(8), Integer(1700000001)]),
        ]);

        var parsed = Assert.Single(SlowlogReply.Parse(reply));

        Assert.Equal(new SlowlogEntry(7, 1700000000, 20512, parsed.Args, "127.0.0.1:50000", string.Empty), parsed);
        Assert.Equal(["DEBUG", "SLEEP", "Grüße"], parsed.Args);
    }

    [Fact]
    public void A_reply_that_is_not_an_array_is_an_error()
    {
        Assert.Throws<RedisException>(() => SlowlogReply.Parse(Bulk("OK")));
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
}
