using System.Globalization;
using DbLogs.Bench;

// dotnet run -c Release --project bench/DbLogs.Bench -- --dblogs PATH/dblogs.dll [--only collection|lists|storage]
//   [--megabytes 512] [--runs 3] [--batch-bytes N (default: the agent's)] [--in-process (the agent in .NET, not native)] [--requests 2000]
var dblogs = Arguments.Value(args, "--dblogs") ?? throw new ArgumentException("--dblogs PATH/dblogs.dll is required");
var only = Arguments.Value(args, "--only");
var ok = true;
if (only is null or "collection")
{
    var megabytes = int.Parse(Arguments.Value(args, "--megabytes") ?? "512", CultureInfo.InvariantCulture);
    var batchBytes = Arguments.Value(args, "--batch-bytes") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
    var runs = int.Parse(Arguments.Value(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
    var report = await CollectionBenchmark.RunAsync(dblogs, megabytes, batchBytes, args.Contains("--in-process"), runs);
    report.Print(Console.Out);
    Console.WriteLine();
    ok = report.MeetsTargets;
}

if (only is null or "lists")
{
    var requests = int.Parse(Arguments.Value(args, "--requests") ?? "2000", CultureInfo.InvariantCulture);
    (await ListLatencyBenchmark.RunAsync(dblogs, requests)).Print(Console.Out);
}

if (only is null or "storage")
{
    var megabytes = int.Parse(Arguments.Value(args, "--megabytes") ?? "512", CultureInfo.InvariantCulture);
    var report = await StorageBenchmark.RunAsync(dblogs, megabytes);
    report.Print(Console.Out);
    Console.WriteLine();
    ok &= report.MeetsTarget;
}

return ok ? 0 : 1;
