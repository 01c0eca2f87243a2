using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DbLogs.Tests.Metrics;

/// <summary>One sample of a scrape: the series name (with its _bucket/_count/_sum suffix), its labels, its value.</summary>
public sealed record MetricSample(string Family, string Type, string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Parses the Prometheus text format with the official Python client's parser (Debian's python3-prometheus-client,
/// <c>prometheus_client.parser.text_string_to_metric_families</c>), so what the service writes is checked by a real
/// parser rather than by string search.
/// </summary>
public static class PrometheusText
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": repr(float(s.value))})
        json.dump(out, sys.stdout)
        """;

    public static async Task<IReadOnlyList<MetricSample>> ParseAsync(string exposition)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the Prometheus parser refused the scrape: {await error}\n{exposition}");

        using var doc = JsonDocument.Parse(await output);
        return [.. doc.RootElement.EnumerateArray().Select(s => new MetricSample(
            s.GetProperty("family").GetString()!,
            s.GetProperty("type").GetString()!,
            s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(s.GetProperty("value").GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null when none.</summary>
    public static double? Value(this IReadOnlyList<MetricSample> samples, string name, params (string Name, string Value)[] labels) =>
        samples.SingleOrDefault(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Value;
}
