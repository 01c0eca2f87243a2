using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Core.Logs;
using DbLogs.Storage.Sources;
using DbLogs.Tests.Collection.Faults;
using DbLogs.Tests.Process;
using DbLogs.Tests.RealServers;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Nodes;

/// <summary>What <see cref="ClusterKillTests"/> checks once the writers stopped and the agents caught up; each returns the problems found.</summary>
internal static class ClusterChecks
{
    private const string AuditCutter = "audit-files";
    private const int MaxLinkIds = 50;
    private static readonly TimeSpan CutterTimeout = TimeSpan.FromSeconds(45);

    // The audit writer's records are dated 2025-11-21 (see LogWriter).
    private const string AuditWindow = "start_time=2025-11-21T00:00:00Z&end_time=2025-11-22T00:00:00Z";
    private static readonly string MysqlRoutes = $"/v3/{ProcessBootstrap.ProjectId}/instances/{ProcessBootstrap.MysqlInstanceId}";

    /// <summary>Each source's stream, read from the shared store as any node reads it, is what its writer wrote, with no gap reported.</summary>
    public static async Task<List<string>> StreamsAsync(ClusterStore store, IReadOnlyList<(string Node, string Kind, LogWriter Writer)> sources,
        Action<string> log)
    {
        var problems = new List<string>();
        var (database, sourceStore, _, streams) = store.Open();
        await using var _ = database;
        var stored = await sourceStore.ListSourcesAsync(null);
        foreach (var (node, kind, writer) in sources)
        {
            var name = $"{node}/{kind}";
            if (stored.SingleOrDefault(s => s.NodeId == node && s.Kind.Name() == kind) is not { } source)
            {
                problems.Add($"{name}: the service has no such source");
                continue;
            }

            var written = writer.Written.ToArray();
            var bytes = await Collected.ReadAsync(streams, source);
            var files = await sourceStore.ListFilesAsync(source.Id);
            var gaps = await sourceStore.ListGapsAsync(source.Id);
            var result = StreamAlignment.Compare(written, [], bytes, writer.Written.Locate, at => StreamAlignment.LocateStored(files, at));
            log($"{name}: {writer.Written.Lines} lines, {written.Length} bytes written in {writer.Rotations + 1} files; stored {bytes.Length} bytes " +
                $"in {files.Count} files; gaps recorded: {gaps.Count}; {(result.Matches ? "MATCHES" : "DIFFERS")}");
            if (!result.Matches)
            {
                problems.Add($"{name}: the stored stream is not what was written.\n{result.Diagnosis}");
            }

            if (gaps.Count > 0)
            {
                problems.Add($"{name}: gaps recorded although nothing was lost on disk: {string.Join("; ", gaps)}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The audit files, downloaded through node 3 with links node 1 signed and joined in order, are the audit stream up to
    /// where the open file starts (so each record is in one file, or in the open one); every node lists them alike.
    /// </summary>
    public static async Task<List<string>> AuditFilesAsync(ClusterStore store, IReadOnlyList<FaultService> nodes, Action<string> log)
    {
        var problems = new List<string>();
        var (database, sourceStore, auditFiles, streams) = store.Open();
        await using var _ = database;
        var source = (await sourceStore.ListSourcesAsync(ProcessBootstrap.MysqlInstanceId)).Single(s => s.Kind == LogKind.MariadbAudit);
        var waited = Stopwatch.StartNew();
        var cursor = await WaitForCutterAsync(sourceStore, source);
        log($"audit cutter at the stream's end after {waited.Elapsed.TotalSeconds:0.0} s");
        if (cursor?.Position != source.Length)
        {
            problems.Add($"the audit cutter did not reach the stream's end ({source.Length}) within {CutterTimeout.TotalSeconds:0} s: it is at {cursor?.Position}");
            return problems;
        }

        using var state = JsonDocument.Parse(cursor.State!);
        var openStart = state.RootElement.GetProperty("FileStart").GetInt64();
        var files = (await auditFiles.ListFilesEndedBeforeAsync(ProcessBootstrap.MysqlInstanceId, null)).OrderBy(f => f.StreamSequence).ToList();
        if (!files.Select(f => f.StreamSequence).SequenceEqual(Enumerable.Range(1, files.Count).Select(i => (long)i)))
        {
            problems.Add($"audit file sequences are not 1 to {files.Count}: {string.Join(", ", files.Select(f => f.StreamSequence))}");
        }

        using var joined = new MemoryStream();
        foreach (var chunk in files.Chunk(MaxLinkIds))
        {
            var (status, body) = await SignedAsync(nodes[0], HttpMethod.Post, $"{MysqlRoutes}/auditlog-links",
                JsonSerializer.Serialize(new { ids = chunk.Select(f => f.Id) }));
            Assert.True(status == HttpStatusCode.OK, $"ShowAuditlogDownloadLink on node 1: {(int)status} {body}");
            using var links = JsonDocument.Parse(body);
            foreach (var (file, link) in chunk.Zip(links.RootElement.GetProperty("links").EnumerateArray().Select(l => new Uri(l.GetString()!))))
            {
                using var response = await nodes[2].Client.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
                var bytes = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK || bytes.Length != file.SizeBytes || bytes is not [.., (byte)'\n'])
                {
                    problems.Add($"audit file {file.StreamSequence} ({file.Id}, {file.SizeBytes} bytes) from node 3 with node 1's link: " +
                        $"{(int)response.StatusCode}, {bytes.Length} bytes{(bytes is [.., (byte)'\n'] ? "" : ", not ending at a line end")}");
                }

                joined.Write(bytes);
            }
        }

        var stream = await Collected.ReadAsync(streams, source);
        var closed = joined.ToArray();
        var same = closed.AsSpan().CommonPrefixLength(stream);
        log($"audit files: {files.Count} closed, {closed.Length} bytes; the open file holds [{openStart}, {stream.Length}); " +
            (same == closed.Length && closed.Length == openStart ? "the files joined are the stream before it" : $"they differ from the stream at byte {same}"));
        if (same != closed.Length || closed.Length != openStart)
        {
            problems.Add($"the audit files joined ({closed.Length} bytes) are not the audit stream up to the open file's start {openStart}: " +
                $"first difference at byte {same}: files hold \"{Excerpt(closed, same)}\", the stream \"{Excerpt(stream, same)}\"");
        }

        problems.AddRange(await SameListsAsync(nodes, files.Count, log));
        return problems;
    }

    /// <summary>One ListAuditlogs call answers the same JSON on every node.</summary>
    private static async Task<List<string>> SameListsAsync(IReadOnlyList<FaultService> nodes, int files, Action<string> log)
    {
        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var node in nodes)
        {
            answers.Add(await SignedAsync(node, HttpMethod.Get, $"{MysqlRoutes}/auditlog?{AuditWindow}&offset=0&limit={MaxLinkIds}", null));
        }

        var first = answers[0];
        log($"ListAuditlogs: {first.Status}, {first.Body.Length} characters of JSON from node 1");
        var problems = new List<string>();
        if (first.Status != HttpStatusCode.OK ||
            JsonDocument.Parse(first.Body).RootElement.GetProperty("total_record").GetInt64() != files)
        {
            problems.Add($"ListAuditlogs on node 1 does not list the {files} files: {(int)first.Status} {first.Body}");
        }

        for (var i = 1; i < nodes.Count; i++)
        {
            if (answers[i] != first)
            {
                problems.Add($"ListAuditlogs answers differently on node {i + 1}: {(int)answers[i].Status} {answers[i].Body}\nnode 1: {first.Body}");
            }
        }

        return problems;
    }

    /// <summary>The cutter runs on the node holding its lease: after an append, or on that node's tick (10 s); a killed holder's lease lapses in 20 s.</summary>
    private static async Task<StreamCursor?> WaitForCutterAsync(ISourceStore sources, SourceRecord source)
    {
        var waited = Stopwatch.StartNew();
        var cursor = await sources.GetCursorAsync(source.Id, AuditCutter);
        while (cursor?.Position != source.Length && waited.Elapsed < CutterTimeout)
        {
            await Task.Delay(200);
            cursor = await sources.GetCursorAsync(source.Id, AuditCutter);
        }

        return cursor;
    }

    /// <summary>A cloud route called on <paramref name="node"/>, signed with the bootstrap's access key.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SignedAsync(FaultService node, HttpMethod method, string target, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(target, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        RequestSigner.Sign(request, ProcessBootstrap.Ak, ProcessBootstrap.Sk, ProcessBootstrap.ProjectId, DateTimeOffset.UtcNow, json ?? string.Empty);
        using var response = await node.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Excerpt(byte[] bytes, int at) =>
        Encoding.UTF8.GetString(bytes.AsSpan(Math.Min(at, bytes.Length), Math.Min(120, bytes.Length - Math.Min(at, bytes.Length))));
}
