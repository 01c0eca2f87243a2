using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Processing.MariadbError;
using DbLogs.Storage.MariadbError;
using static DbLogs.Tests.MysqlLogs.ParsedRecords;

namespace DbLogs.Tests.MysqlLogs;

/// <summary>MariaDB 10.11 error-log records, taken from a real mariadbd's log, parsed into the API's messages.</summary>
public class ErrorLogParserTests
{
    // As mariadbd 10.11 with server_audit loaded writes it: the plugin's messages have their own time format and may end
    // without a newline, so the next message (the plugin's or the server's) shares their line.
    private const string StartUp = """
        2025-11-21 18:39:03 0 [Note] Plugin 'FEEDBACK' is disabled.
        251121 18:39:03 server_audit: MariaDB Audit Plugin version 1.4.14 STARTED.
        251121 18:39:03 server_audit: Query cache is enabled with the TABLE events. Some table reads can be veiled.251121 18:39:03 server_audit: logging started to the file /var/log/mysql/audit.log.2025-11-21 18:39:04 0 [Note] InnoDB: Loading buffer pool(s) from /var/lib/mysql/ib_buffer_pool
        2025-11-21 18:39:03 0 [Note] /usr/sbin/mariadbd: ready for connections.
        Version: '10.11.19-MariaDB-0+deb12u1-log'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12
        2025-11-21  9:05:07 4 [Warning] Access denied for user 'nobody'@'localhost' (using password: YES)
        2025-11-21 18:40:00 0 [ERROR] mariadbd: Table './shop/orders' is marked as crashed — 表 "quoted" \back\slash

        """;

    [Fact]
    public async Task Levels_times_and_continuation_lines_are_read_in_the_nodes_zone()
    {
        var entries = await ErrorEntriesAsync(StartUp, Shanghai);

        Assert.Equal(["NOTE", "NOTE", "NOTE", "NOTE", "NOTE", "NOTE", "WARNING", "ERROR"], entries.Select(e => e.Level));
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 39, 3, TimeSpan.Zero), entries[0].Time);
        Assert.Equal("Plugin 'FEEDBACK' is disabled.", entries[0].Content);
        Assert.Equal("/usr/sbin/mariadbd: ready for connections.\nVersion: '10.11.19-MariaDB-0+deb12u1-log'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12",
            entries[5].Content);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 1, 5, 7, TimeSpan.Zero), entries[6].Time); // space-padded hour, UTC+8
        Assert.Equal("Access denied for user 'nobody'@'localhost' (using password: YES)", entries[6].Content);
        Assert.Equal("mariadbd: Table './shop/orders' is marked as crashed — 表 \"quoted\" \\back\\slash", entries[7].Content);
    }

    [Fact]
    public async Task Server_audit_messages_and_a_record_glued_to_one_are_their_own_entries()
    {
        var entries = await ErrorEntriesAsync(StartUp, Shanghai);

        Assert.Equal("server_audit: MariaDB Audit Plugin version 1.4.14 STARTED.", entries[1].Content);
        Assert.Equal("server_audit: Query cache is enabled with the TABLE events. Some table reads can be veiled.", entries[2].Content);
        Assert.Equal("server_audit: logging started to the file /var/log/mysql/audit.log.", entries[3].Content);
        Assert.All(entries.Skip(1).Take(3), e => Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 39, 3, TimeSpan.Zero), e.Time));
        Assert.Equal("InnoDB: Loading buffer pool(s) from /var/lib/mysql/ib_buffer_pool", entries[4].Content);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 39, 4, TimeSpan.Zero), entries[4].Time);
    }

    [Fact]
    public async Task Entry_offsets_point_at_each_message_in_the_stream()
    {
        var bytes = Encoding.UTF8.GetBytes(StartUp);
        var records = await RecordsAsync(LogKind.MariadbError, StartUp, Shanghai);
        var offsets = new List<long>();
        foreach (var r in records)
        {
            var entries = new List<(int Offset, ErrorLogEntry Entry)>();
            MariadbErrorParser.Parse(r.Bytes.Span, r.StartsWithRecordLine, r.Time, DateTimeOffset.UnixEpoch, Shanghai, entries);
            offsets.AddRange(entries.Select(e => r.Offset + e.Offset));
        }

        Assert.Equal(8, offsets.Count);
        Assert.Equal(offsets.Count, offsets.Distinct().Count());
        Assert.StartsWith("Plugin 'FEEDBACK'", Encoding.UTF8.GetString(bytes, (int)offsets[0], 20), StringComparison.Ordinal);
        Assert.StartsWith("251121 18:39:03 server_audit: logging", Encoding.UTF8.GetString(bytes, (int)offsets[3], 40), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_continuing_a_record_from_before_the_read_become_one_entry_with_the_fallback_time()
    {
        var earlier = new DateTimeOffset(2025, 11, 21, 10, 0, 0, TimeSpan.Zero);

        var entries = await ErrorEntriesAsync("stack frame 1\nstack frame 2\n2025-11-21 18:40:00 0 [Note] next\n", Shanghai, earlier);

        Assert.Equal(2, entries.Count);
        Assert.Equal(("INFO", "stack frame 1\nstack frame 2", earlier), (entries[0].Level, entries[0].Content, entries[0].Time));
        Assert.Equal("next", entries[1].Content);
    }

    [Theory]
    [InlineData("Note", "NOTE")]
    [InlineData("Warning", "WARNING")]
    [InlineData("ERROR", "ERROR")]
    [InlineData("System", "INFO")]
    public void Mariadb_levels_map_to_the_apis(string mariadb, string api) => Assert.Equal(api, MariadbErrorParser.Level(Encoding.ASCII.GetBytes(mariadb)));

    [Fact]
    public async Task The_last_record_is_marked_and_a_line_without_newline_is_not_read()
    {
        var records = await RecordsAsync(LogKind.MariadbError, "2025-11-21 18:40:00 0 [Note] a\n2025-11-21 18:40:01 0 [Note] b\ncontinued\n2025-11-21 18:4", Shanghai,
            baseOffset: 1000);

        Assert.Equal(2, records.Count);
        Assert.False(records[0].IsLast);
        Assert.Equal(records[1].Time, records[0].NextTime);
        Assert.True(records[1].IsLast);
        Assert.Equal(1000 + "2025-11-21 18:40:00 0 [Note] a\n".Length, records[1].Offset);
        Assert.Equal("2025-11-21 18:40:01 0 [Note] b\ncontinued\n", Encoding.UTF8.GetString(records[1].Bytes.Span));
        Assert.Equal(records[1].Offset + records[1].Bytes.Length, records[1].End);
    }
}
