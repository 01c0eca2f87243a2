using System.Text;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;

namespace DbLogs.Tests.Collection;

public class RecordClassifierTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static List<LineInfo> Classify(LogKind kind, TimeZoneInfo zone, string text)
    {
        var classifier = RecordClassifiers.Create(kind, zone);
        return [.. text.Split('\n').Select(l => classifier.Next(Encoding.UTF8.GetBytes(l)))];
    }

    [Fact]
    public void Redis_lines_carry_local_time_and_crash_reports_continue()
    {
        var lines = Classify(LogKind.RedisRun, Berlin, """
            1234:M 21 Nov 2025 15:27:01.123 * Ready to accept connections
            1240:C 01 Jul 2025 00:00:00.000 * DB saved on disk
            === REDIS BUG REPORT START: Cut & paste starting from here ===
            1234:signal-handler (1763735221) Received SIGTERM scheduling shutdown...
            1234:X 21 Nov 2025 15:27:01.123 # sentinel
            1234:M 31 Nov 2025 15:27:01.123 * impossible date
            abc:M 21 Nov 2025 15:27:01.123 * no pid
            """);

        Assert.Equal(new LineInfo(true, new DateTimeOffset(2025, 11, 21, 14, 27, 1, 123, TimeSpan.Zero)), lines[0]);
        Assert.Equal(new DateTimeOffset(2025, 6, 30, 22, 0, 0, TimeSpan.Zero), lines[1].Time); // CEST, +02:00
        Assert.Equal(new LineInfo(false, null), lines[2]);
        Assert.Equal(new LineInfo(false, null), lines[3]);
        Assert.True(lines[4].StartsRecord);
        Assert.False(lines[5].StartsRecord);
        Assert.False(lines[6].StartsRecord);
    }

    [Fact]
    public void Audit_records_are_one_per_line()
    {
        var lines = Classify(LogKind.MariadbAudit, TimeZoneInfo.Utc, """
            20251121 15:27:01,dbhost,app,10.0.0.5,42,1017,QUERY,shop,'SELECT 1',0
            20251121 25:27:01,dbhost,app,10.0.0.5,42,1017,QUERY,shop,'bad hour',0
            not a record
            """);

        Assert.Equal(new LineInfo(true, new DateTimeOffset(2025, 11, 21, 15, 27, 1, TimeSpan.Zero)), lines[0]);
        Assert.False(lines[1].StartsRecord);
        Assert.False(lines[2].StartsRecord);
    }

    [Fact]
    public void Audit_lines_of_the_same_second_share_its_time_and_any_change_of_the_head_is_read_again()
    {
        // The classifier reads a head once and reuses its time for the lines that repeat it: every field of the head must count.
        var lines = Classify(LogKind.MariadbAudit, Berlin, """
            20250330 01:59:59,dbhost,app,10.0.0.5,42,1017,QUERY,shop,'a',0
            20250330 01:59:59,dbhost,app,10.0.0.5,42,1018,QUERY,shop,'b',0
            20250330 03:00:00,dbhost,app,10.0.0.5,42,1019,QUERY,shop,'after the clocks went forward',0
            20250330 03:00:00;dbhost,app,10.0.0.5,42,1020,QUERY,shop,'no comma after the time',0
            20250330 03:00:00,dbhost,app,10.0.0.5,42,1021,QUERY,shop,'c',0
            20250331 03:00:00,dbhost,app,10.0.0.5,42,1022,QUERY,shop,'next day',0
            20260331 03:00:00,dbhost,app,10.0.0.5,42,1023,QUERY,shop,'next year',0
            20260331 03:00:01,dbhost,app,10.0.0.5,42,1024,QUERY,shop,'next second',0
            20260331 03:00:0
            20260331 03:00:01,dbhost,app,10.0.0.5,42,1025,QUERY,shop,'d',0
            """);

        DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) => new(year, month, day, hour, minute, second, TimeSpan.Zero);
        Assert.Equal<LineInfo>(
        [
            new(true, Utc(2025, 3, 30, 0, 59, 59)),
            new(true, Utc(2025, 3, 30, 0, 59, 59)),
            new(true, Utc(2025, 3, 30, 1, 0, 0)),
            new(false, null),
            new(true, Utc(2025, 3, 30, 1, 0, 0)),
            new(true, Utc(2025, 3, 31, 1, 0, 0)),
            new(true, Utc(2026, 3, 31, 1, 0, 0)),
            new(true, Utc(2026, 3, 31, 1, 0, 1)),
            new(false, null),
            new(true, Utc(2026, 3, 31, 1, 0, 1)),
        ], lines);
    }

    [Fact]
    public void Error_log_hour_is_space_padded_and_continuations_attach()
    {
        var lines = Classify(LogKind.MariadbError, Berlin, """
            2025-11-21  9:05:01 0 [Note] Starting MariaDB 10.11.14
            2025-11-21 10:05:01 3 [Warning] Access denied for user 'x'@'localhost'
            	continuation of the message
            """);

        Assert.Equal(new LineInfo(true, new DateTimeOffset(2025, 11, 21, 8, 5, 1, TimeSpan.Zero)), lines[0]);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 9, 5, 1, TimeSpan.Zero), lines[1].Time);
        Assert.Equal(new LineInfo(false, null), lines[2]);
    }

    [Fact]
    public void Slow_log_records_start_at_time_or_user_host_and_take_set_timestamp()
    {
        var lines = Classify(LogKind.MariadbSlow, TimeZoneInfo.Utc, """
            /usr/sbin/mariadbd, Version: 10.11.14-MariaDB-0+deb12u2-log (Debian 12). started with:
            Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
            Time		    Id Command	Argument
            # Time: 251121  9:05:01
            # User@Host: app[app] @ localhost []
            # Thread_id: 5  Schema: shop  QC_hit: No
            # Query_time: 0.100150  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
            SET timestamp=1763715901;
            SELECT SLEEP(0.1);
            # User@Host: app[app] @ localhost []
            SET timestamp=1763715902;
            SELECT
              2;
            """);

        Assert.True(lines[0].StartsRecord);
        Assert.False(lines[1].StartsRecord);
        Assert.Equal(new LineInfo(true, new DateTimeOffset(2025, 11, 21, 9, 5, 1, TimeSpan.Zero)), lines[3]);
        Assert.False(lines[4].StartsRecord); // follows "# Time:"
        Assert.Equal(new LineInfo(false, DateTimeOffset.FromUnixTimeSeconds(1763715901)), lines[7]);
        Assert.False(lines[8].StartsRecord);
        Assert.True(lines[9].StartsRecord); // no "# Time:" before it
        Assert.False(lines[11].StartsRecord);
        Assert.False(lines[12].StartsRecord);
    }

    /// <summary>The four logs spec/log-sources.md describes as files, each with its example record (a Redis slowlog is polled, not a file).</summary>
    public static TheoryData<string, string, DateTimeOffset> FileLogs => new()
    {
        { "redis-run", "1234:M 21 Nov 2025 15:27:01.123 * Ready to accept connections", new DateTimeOffset(2025, 11, 21, 15, 27, 1, 123, TimeSpan.Zero) },
        { "mariadb-audit", "20251121 15:27:01,dbhost,app,10.0.0.5,42,1017,QUERY,shop,'SELECT 1',0", new DateTimeOffset(2025, 11, 21, 15, 27, 1, TimeSpan.Zero) },
        { "mariadb-slow", "# Time: 251121 15:27:01", new DateTimeOffset(2025, 11, 21, 15, 27, 1, TimeSpan.Zero) },
        { "mariadb-error", "2025-11-21 15:27:01 0 [Note] Starting MariaDB 10.11.14", new DateTimeOffset(2025, 11, 21, 15, 27, 1, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(FileLogs))]
    public void Every_file_log_of_the_spec_has_a_classifier_that_starts_a_record_at_its_example(string name, string example, DateTimeOffset time)
    {
        Assert.True(LogKinds.TryParse(name, out var kind));
        Assert.Equal(name, kind.Name());

        Assert.Equal(new LineInfo(true, time), RecordClassifiers.Create(kind, TimeZoneInfo.Utc).Next(Encoding.UTF8.GetBytes(example)));
    }

    [Fact]
    public void The_file_logs_are_exactly_those_of_the_spec()
    {
        Assert.Equal(FileLogs.Select(row => (string)row[0]).Order(StringComparer.Ordinal), LogKinds.All.Select(k => k.Name()).Order(StringComparer.Ordinal));
    }
}
