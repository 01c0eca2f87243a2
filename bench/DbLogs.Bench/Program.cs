using DbLogs.Bench;

// dotnet run -c Release --project bench/DbLogs.Bench -- --dblogs PATH/dblogs.dll [--megabytes 512]
var dblogs = Arguments.Value(args, "--dblogs") ?? throw new ArgumentException("--dblogs PATH/dblogs.dll is required");
var megabytes = int.Parse(Arguments.Value(args, "--megabytes") ?? "512", System.Globalization.CultureInfo.InvariantCulture);
var report = await CollectionBenchmark.RunAsync(dblogs, megabytes);
report.Print(Console.Out);
return report.MeetsTargets ? 0 : 1;
