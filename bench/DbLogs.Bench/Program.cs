using DbLogs.Bench;

// dotnet run -c Release --project bench/DbLogs.Bench -- --dblogs PATH/dblogs.dll [--megabytes 512] [--batch-bytes N (default: the agent's)]
var dblogs = Arguments.Value(args, "--dblogs") ?? throw new ArgumentException("--dblogs PATH/dblogs.dll is required");
var megabytes = int.Parse(Arguments.Value(args, "--megabytes") ?? "512", System.Globalization.CultureInfo.InvariantCulture);
var batchBytes = Arguments.Value(args, "--batch-bytes") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
var report = await CollectionBenchmark.RunAsync(dblogs, megabytes, batchBytes);
report.Print(Console.Out);
return report.MeetsTargets ? 0 : 1;
