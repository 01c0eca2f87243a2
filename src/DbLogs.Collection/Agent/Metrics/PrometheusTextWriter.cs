using System.Globalization;
using System.Text;

namespace DbLogs.Collection.Agent.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): a family's <c># HELP</c> and <c># TYPE</c>, then its
/// samples with escaped label values. The native agent writes its few metrics with this rather than a metrics library:
/// prometheus-net and OpenTelemetry's exporters are not marked trimming/AOT-safe and would each bring an HTTP server stack.
/// </summary>
public sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public void Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(Escape(help, inLabel: false)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void Sample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        _text.Append(name);
        for (var i = 0; i < labels.Length; i++)
        {
            _text.Append(i == 0 ? '{' : ',').Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value, inLabel: true)).Append('"');
        }

        _text.Append(labels.Length > 0 ? "} " : " ").Append(Format(value)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Backslash and newline always; the double quote inside label values.</summary>
    private static string Escape(string text, bool inLabel)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return inLabel ? escaped.Replace("\"", "\\\"", StringComparison.Ordinal) : escaped;
    }
}
