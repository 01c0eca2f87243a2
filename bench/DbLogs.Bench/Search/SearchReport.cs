using System.Globalization;

namespace DbLogs.Bench.Search;

/// <summary>The search benchmark's table: per case p50/p99 against its target and the scan baseline, then index size and ingest cost.</summary>
internal sealed record SearchReport(SearchShape Shape, string SeedNote, int Queries, IReadOnlyList<SearchRowResult> Rows, SqliteSizes Before,
    SqliteSizes After, IndexingCostResult? Cost) : IBenchmarkReport
{
    /// <summary>The same searches on PostgreSQL, when asked for.</summary>
    public PostgresSearchResult? Postgres { get; init; }

    public IReadOnlyDictionary<string, double> Figures
    {
        get
        {
            var figures = new Dictionary<string, double>
            {
                ["search_p99_ms_30d_keyword_user"] = Rows[0].P99,
                ["search_p99_ms_1h"] = Math.Max(Rows[1].P99, Rows[2].P99),
                ["search_bytes_per_record"] = (After.FileBytes - Before.FileBytes) / (double)Shape.Records,
            };
            if (Cost is not null)
            {
                figures["search_ingest_slowdown"] = Cost.Slowdown;
            }

            if (Postgres is not null)
            {
                figures["search_p99_ms_30d_keyword_user_postgres"] = Postgres.Rows[0].P99;
                figures["search_p99_ms_1h_postgres"] = Math.Max(Postgres.Rows[1].P99, Postgres.Rows[2].P99);
            }

            return figures;
        }
    }

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c,
            $"Audit search benchmark: {Shape.Records:N0} records (SQLite, {SearchShape.Nodes.Length} nodes, 30 days, {SearchShape.Users} users, {SearchShape.Hosts} hosts, {SearchShape.Databases} databases), {Queries} different searches per row through the HTTP route (limit 100, total counted), 1 client"));
        output.WriteLine($"sqlite: {SeedNote}");
        output.WriteLine("baseline: the same searches (total, then the page) straight on the same file with each keyword matched by scanning the query text (instr(lower(query), …)), not the FTS5 trigram index; first searches of the row only (n)");
        if (Postgres is not null)
        {
            output.WriteLine($"postgres: {Postgres.SeedNote}; its totals compared with SQLite's, search by search");
        }

        output.WriteLine();
        var postgresHeader = Postgres is null ? string.Empty : " PostgreSQL p50 | PostgreSQL p99 | PostgreSQL totals agree |";
        output.WriteLine($"| search | median total | p50 | p99 | target | scan p50 (n) | scan/indexed p50 | totals agree |{postgresHeader}");
        output.WriteLine("|---|---|---|---|---|---|---|---|" + (Postgres is null ? string.Empty : "---|---|---|"));
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            var line = string.Create(c,
                $"| {row.Case.Name} | {row.MedianTotal:N0} | {row.P50:0.0} ms | {row.P99:0.0} ms{Missed(row.P99, row.Case)} | p99 ≤ {row.Case.TargetP99Ms:0} ms | {row.BaselineP50:0.0} ms ({row.Baseline.Count}) | ×{row.BaselineP50 / row.P50:0.00} | {(row.TotalsAgree ? "yes" : "NO")} |");
            if (Postgres?.Rows[i] is { } pg)
            {
                line += string.Create(c, $" {pg.P50:0.0} ms | {pg.P99:0.0} ms{Missed(pg.P99, row.Case)} | {(pg.TotalsAgree ? "yes" : "NO")} |");
            }

            output.WriteLine(line);
        }

        output.WriteLine();
        var records = (double)Shape.Records;
        output.WriteLine(string.Create(c,
            $"Index size: file {Before.FileBytes / 1e6:0.0} MB before the records, {After.FileBytes / 1e6:0.0} MB after: {(After.FileBytes - Before.FileBytes) / records:0} bytes per record"));
        if (After.TableBytes >= 0)
        {
            output.WriteLine(string.Create(c,
                $"  per record: table {After.TableBytes / records:0} B, B-tree indexes (origin, time, user) {After.IndexBytes / records:0} B, FTS5 trigram index {After.FtsBytes / records:0} B (dbstat)"));
        }
        else
        {
            output.WriteLine("  (this SQLite build has no dbstat: table and index sizes not split)");
        }

        if (Postgres is not null)
        {
            output.WriteLine(string.Create(c,
                $"PostgreSQL: audit_records with its indexes (origin, time, user, pg_trgm GIN, per-user trigram GIN) {Postgres.TableBytes / 1e6:0.0} MB: {Postgres.TableBytes / records:0} bytes per record"));
        }

        if (Cost is not null)
        {
            var mark = Cost.Slowdown > IndexingCost.TargetSlowdown ? " ✗" : string.Empty;
            output.WriteLine(string.Create(c,
                $"Ingest cost ({Cost.Megabytes} MB audit log, agent to serve, median): indexing off {Cost.OffMBps:0.0} MB/s, on {Cost.OnMBps:0.0} MB/s: slowdown ×{Cost.Slowdown:0.00}{mark} (target ≤ ×{IndexingCost.TargetSlowdown:0.00}); indexer caught up {Cost.CatchUpSeconds:0.0} s after the last byte was stored"));
        }
    }

    private static string Missed(double p99, SearchCase search) => p99 > search.TargetP99Ms ? " ✗" : string.Empty;
}
