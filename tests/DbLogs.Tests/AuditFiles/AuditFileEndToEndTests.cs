using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DbLogs.Tests.RealServers;

namespace DbLogs.Tests.AuditFiles;

/// <summary>
/// A real mariadbd's audit log, rotated by the plugin itself, collected by serve and cut into audit files; the files
/// are listed, linked and downloaded through the RDS routes and compared byte for byte with what the plugin wrote.
/// </summary>
public sealed partial class AuditFileEndToEndTests(MariaDbTemplate template) : IClassFixture<MariaDbTemplate>, IDisposable
{
    private const int SizeLimit = 3000;

    private readonly string _dir = Directory.CreateTempSubdirectory("dblogs-auditfiles-").FullName;

    public void Dispose() => ServerTools.DeleteDirectory(_dir);

    [GeneratedRegex("^[0-9a-z]{33}br01$")]
    private static partial Regex IdShape { get; }

    [Fact]
    public async Task Cut_files_are_listed_linked_and_downloaded_byte_for_byte_as_the_plugin_wrote_them()
    {
        await using var server = await MariaDbServer.StartAsync(new MariaDbOptions { AuditRotateSize = 4096, AuditRotations = 30 }, template);
        await using var service = await AuditService.StartAsync(_dir, server, [$"--AuditFiles:SizeLimit={SizeLimit}"]);

        await AuditWorkload.VariedAsync(server);
        for (var round = 0; round < 6; round++)
        {
            await AuditWorkload.PaddingAsync(server, $"round {round}", 25);
        }

        Assert.True(server.AuditFiles().Count >= 4, "the plugin should have rotated its own file several times");
        var stored = await service.CollectedAsync(server);
        var rotated = await service.RotateAsync();
        Assert.Equal(service.Instance, rotated.GetProperty("instance_id").GetString());

        var now = DateTimeOffset.UtcNow;
        var items = await service.ListAllAsync(Utc(now.AddHours(-1)), Utc(now.AddHours(1)), limit: 3);
        Assert.True(items.Count >= 6, $"expected several files of ~{SizeLimit} bytes, got {items.Count}");

        // Newest first; files that begin in the same second, newest in the stream first.
        static DateTimeOffset Begin(JsonElement item) => DateTimeOffset.Parse(item.GetProperty("begin_time").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(items.OrderByDescending(Begin).ThenByDescending(AuditService.Sequence).Select(AuditService.Sequence),
            items.Select(AuditService.Sequence));

        var inStreamOrder = items.OrderBy(AuditService.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, items.Count).Select(n => (long)n), inStreamOrder.Select(AuditService.Sequence));
        var ids = inStreamOrder.Select(i => i.GetProperty("id").GetString()!).ToList();
        var contents = await service.DownloadAsync(ids);

        // Together the files are exactly the plugin's records, in order.
        var plugin = Collected.Concatenate(server.AuditFiles());
        Assert.Equal(AuditService.Text(plugin), AuditService.Text(AuditService.Concat(contents)));
        Assert.True(plugin.AsSpan().SequenceEqual(AuditService.Concat(contents)), "the downloaded files differ from the plugin's bytes");
        Assert.True(stored.AsSpan().SequenceEqual(plugin), "the stored stream differs from the plugin's bytes");

        var all = AuditService.Text(plugin);
        Assert.DoesNotContain(AuditWorkload.Password, all, StringComparison.Ordinal);
        Assert.Contains("IDENTIFIED BY *****", all, StringComparison.Ordinal);
        Assert.Contains("FAILED_CONNECT", all, StringComparison.Ordinal);
        Assert.Contains("Grüße 日本 🎉", all, StringComparison.Ordinal);
        Assert.Contains(@"O\'\'Brien\\\'s", all, StringComparison.Ordinal);

        var longestLine = all.Split('\n').Max(l => System.Text.Encoding.UTF8.GetByteCount(l) + 1);
        for (var i = 0; i < inStreamOrder.Count; i++)
        {
            var item = inStreamOrder[i];
            var bytes = contents[i];
            var text = AuditService.Text(bytes);
            Assert.Matches(IdShape, ids[i]);
            Assert.Matches($"^{i + 1}_[0-9]{{14}}_{service.Instance}_Audit_[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$",
                item.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Number, item.GetProperty("size").ValueKind);
            Assert.Equal(Math.Round(bytes.Length / 1024.0, 6), item.GetProperty("size").GetDouble());

            // Whole records only, cut at the size limit (the last one by the rotate request).
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.True(bytes.Length < SizeLimit + longestLine, $"file {i + 1} has {bytes.Length} bytes");
            if (i < inStreamOrder.Count - 1)
            {
                Assert.True(bytes.Length >= SizeLimit, $"file {i + 1} was cut early at {bytes.Length} bytes");
            }

            var lines = text.TrimEnd('\n').Split('\n');
            Assert.All(lines, l => Assert.Matches(@"^\d{8} \d\d:\d\d:\d\d,", l));
            Assert.Equal(Format(RecordTime(lines[0])), item.GetProperty("begin_time").GetString());
            Assert.Equal(Format(RecordTime(lines[^1])), item.GetProperty("end_time").GetString());
        }

        await AssertWindowsAsync(service, inStreamOrder);

        // Nothing is open any more: rotating again closes nothing.
        await service.RotateAsync();
        Assert.Equal(items.Count, (await service.ListAllAsync(Utc(now.AddHours(-1)), Utc(now.AddHours(1)))).Count);
    }

    /// <summary>Windows in every accepted offset spelling select the files overlapping them and echo times in that offset.</summary>
    private static async Task AssertWindowsAsync(AuditService service, List<JsonElement> files)
    {
        var spans = files.Select(f => (
            Id: f.GetProperty("id").GetString()!,
            Begin: DateTimeOffset.Parse(f.GetProperty("begin_time").GetString()!, CultureInfo.InvariantCulture),
            End: DateTimeOffset.Parse(f.GetProperty("end_time").GetString()!, CultureInfo.InvariantCulture),
            Sequence: AuditService.Sequence(f))).ToList();
        var middle = spans[spans.Count / 2];
        var windows = new (DateTimeOffset Start, DateTimeOffset End)[]
        {
            (spans[0].Begin.AddMinutes(-5), spans[^1].End.AddMinutes(5)),
            (middle.Begin, middle.Begin.AddSeconds(1)),
            (middle.End, middle.End.AddSeconds(1)),
            (spans[0].Begin.AddHours(-2), spans[0].Begin.AddSeconds(-1)),
            (spans[^1].End.AddSeconds(1), spans[^1].End.AddHours(2)),
        };
        var spellings = new (string Suffix, TimeSpan Offset, string Echo)[]
        {
            ("+0800", TimeSpan.FromHours(8), "+0800"), // a raw '+' reaches the server as a space
            ("%2B0800", TimeSpan.FromHours(8), "+0800"),
            ("%200800", TimeSpan.FromHours(8), "+0800"),
            ("%2B08:00", TimeSpan.FromHours(8), "+0800"),
            ("Z", TimeSpan.Zero, "+0000"),
            ("-0530", TimeSpan.FromMinutes(-330), "-0530"),
        };

        foreach (var (start, end) in windows)
        {
            var expected = spans.Where(s => s.Begin <= end && s.End >= start).OrderByDescending(s => s.Begin).ThenByDescending(s => s.Sequence)
                .Select(s => s.Id).ToList();
            foreach (var (suffix, offset, echo) in spellings)
            {
                var query = $"/auditlog?start_time={Spell(start, offset, suffix)}&end_time={Spell(end, offset, suffix)}&offset=0&limit=50";
                var page = await service.OkAsync(HttpMethod.Get, query);
                var items = page.GetProperty("auditlogs").EnumerateArray().ToList();
                Assert.Equal(expected.Count, page.GetProperty("total_record").GetInt64());
                Assert.Equal(expected, items.Select(i => i.GetProperty("id").GetString()!));
                Assert.All(items, i => Assert.EndsWith(echo, i.GetProperty("begin_time").GetString(), StringComparison.Ordinal));
                Assert.All(items, i => Assert.EndsWith(echo, i.GetProperty("end_time").GetString(), StringComparison.Ordinal));
            }
        }

        // Paging: offset N starts at the N+1th file; past the end is an empty page with the total.
        var whole = windows[0];
        var second = await service.OkAsync(HttpMethod.Get,
            $"/auditlog?start_time={Spell(whole.Start, TimeSpan.Zero, "Z")}&end_time={Spell(whole.End, TimeSpan.Zero, "Z")}&offset=1&limit=2");
        Assert.Equal(spans.Count, second.GetProperty("total_record").GetInt64());
        Assert.Equal(2, second.GetProperty("auditlogs").GetArrayLength());
        var past = await service.OkAsync(HttpMethod.Get,
            $"/auditlog?start_time={Spell(whole.Start, TimeSpan.Zero, "Z")}&end_time={Spell(whole.End, TimeSpan.Zero, "Z")}&offset={spans.Count}&limit=50");
        Assert.Equal(0, past.GetProperty("auditlogs").GetArrayLength());
        Assert.Equal(spans.Count, past.GetProperty("total_record").GetInt64());
    }

    private static string Spell(DateTimeOffset time, TimeSpan offset, string suffix) =>
        time.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + suffix;

    internal static string Utc(DateTimeOffset time) => Spell(time, TimeSpan.Zero, "Z");

    internal static DateTimeOffset RecordTime(string line) =>
        new(DateTime.ParseExact(line[..17], "yyyyMMdd HH:mm:ss", CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>How the list answers a time when the caller asked in UTC.</summary>
    private static string Format(DateTimeOffset utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";
}
