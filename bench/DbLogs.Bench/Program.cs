using System.Globalization;
using DbLogs.Bench;
using DbLogs.Bench.Fleet;
using DbLogs.Bench.Nodes;
using DbLogs.Bench.Pages;
using DbLogs.Bench.Search;

// dotnet run -c Release --project bench/DbLogs.Bench -- --dblogs PATH/dblogs.dll [--only collection,storage,download,lists,fleet]
//   [--fleet-scale 1 (fraction of the fleet's 1M run-log entries, 1M audit files and 10M slow-log rows)] [--fleet-stores sqlite,postgres]
//   [--only pages --pages-stores sqlite,postgres (the console's pages and their routes over 100,000 entries)]
//   [--megabytes 512] [--runs 3] [--batch-bytes N (default: the agent's)] [--in-process (the agent in .NET, not native)]
//   [--seconds 10 (wrk time per download row; list rows take half)]
//   [--only search --search-records 10000000 --search-queries 200 --search-ingest-runs 2 (0: no ingest cost; its log is --megabytes)
//    --search-stores sqlite,postgres (SQLite always; PostgreSQL also when named) --search-cases 3 (only the first rows: the targets)]
//   [--only nodes --runs 3 --nodes-fleet-scale 0.1 (ingest over 1, 2 and 3 serve nodes on PostgreSQL and Ceph; lists on 3 nodes)]
var dblogs = Arguments.Value(args, "--dblogs") ?? throw new ArgumentException("--dblogs PATH/dblogs.dll is required");
var only = Arguments.Value(args, "--only")?.Split(',');
var megabytes = int.Parse(Arguments.Value(args, "--megabytes") ?? "512", CultureInfo.InvariantCulture);
var seconds = TimeSpan.FromSeconds(int.Parse(Arguments.Value(args, "--seconds") ?? "10", CultureInfo.InvariantCulture));
// The fleet and search benchmarks seed millions of rows (cached between runs): they run only when asked for.
bool Runs(string name) => only is null ? name is not ("fleet" or "search" or "pages" or "nodes") : only.Contains(name);

var reports = new List<IBenchmarkReport>();
void Add(IBenchmarkReport report)
{
    report.Print(Console.Out);
    Console.WriteLine();
    reports.Add(report);
}

var ok = true;
if (Runs("collection"))
{
    var batchBytes = Arguments.Value(args, "--batch-bytes") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
    var runs = int.Parse(Arguments.Value(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
    var report = await CollectionBenchmark.RunAsync(dblogs, megabytes, batchBytes, args.Contains("--in-process"), runs);
    ok = report.MeetsTargets;
    Add(report);
}

if (Runs("storage"))
{
    var report = await StorageBenchmark.RunAsync(dblogs, megabytes);
    ok &= report.MeetsTarget;
    Add(report);
}

if (Runs("download"))
{
    Add(await DownloadBenchmark.RunAsync(dblogs, megabytes, seconds));
}

if (Runs("lists"))
{
    Add(await ListLatencyBenchmark.RunAsync(dblogs, seconds / 2));
}

if (Runs("pages"))
{
    Add(await PagesBenchmark.RunAsync(dblogs, seconds / 2, (Arguments.Value(args, "--pages-stores") ?? "sqlite,postgres").Split(',')));
}

if (Runs("fleet"))
{
    var scale = double.Parse(Arguments.Value(args, "--fleet-scale") ?? "1", CultureInfo.InvariantCulture);
    var stores = (Arguments.Value(args, "--fleet-stores") ?? "sqlite,postgres").Split(',');
    IFleetStore[] fleetStores = [.. stores.Select<string, IFleetStore>(s => s == "postgres" ? new PostgresFleetStore() : new SqliteFleetStore())];
    Add(await FleetBenchmark.RunAsync(dblogs, new FleetShape(scale), seconds / 2, fleetStores));
}

if (Runs("search"))
{
    var records = long.Parse(Arguments.Value(args, "--search-records") ?? "10000000", CultureInfo.InvariantCulture);
    var queries = int.Parse(Arguments.Value(args, "--search-queries") ?? "200", CultureInfo.InvariantCulture);
    var ingestRuns = int.Parse(Arguments.Value(args, "--search-ingest-runs") ?? "2", CultureInfo.InvariantCulture);
    var onPostgres = (Arguments.Value(args, "--search-stores") ?? "sqlite").Split(',').Contains("postgres");
    var cases = SearchQueries.All();
    // The first three rows are the targets; the wide 30-day rows after them take minutes each.
    var caseCount = Math.Clamp(int.Parse(Arguments.Value(args, "--search-cases") ?? cases.Length.ToString(CultureInfo.InvariantCulture),
        CultureInfo.InvariantCulture), 3, cases.Length);
    Add(await SearchBenchmark.RunAsync(dblogs, new SearchShape(records), cases[..caseCount], queries, megabytes, ingestRuns, onPostgres));
}

if (Runs("nodes"))
{
    var runs = int.Parse(Arguments.Value(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
    var scale = double.Parse(Arguments.Value(args, "--nodes-fleet-scale") ?? "0.1", CultureInfo.InvariantCulture);
    Add(await NodesBenchmark.RunAsync(dblogs, megabytes, runs, seconds / 2, new FleetShape(scale)));
}

Console.WriteLine(FinalLine.Format(reports));
return ok ? 0 : 1;
