using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace DbLogs.Server.WebConsole;

/// <summary>Charts drawn on the server as inline SVG: no chart library, no script.</summary>
public static class SvgChart
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 70;
    private const int Bottom = 30;
    private const int Top = 10;

    /// <summary>A dot per entry: its value over time.</summary>
    public static IHtmlContent Scatter(IReadOnlyList<(DateTimeOffset Time, double Value)> points, DateTimeOffset from, DateTimeOffset to, string title, string unit)
    {
        var max = points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Value), 1e-9);
        var span = Math.Max((to - from).TotalMilliseconds, 1);
        var svg = Begin(title, max, unit);
        foreach (var (time, value) in points)
        {
            var x = Left + ((time - from).TotalMilliseconds / span * (Width - Left - 10));
            var y = Height - Bottom - (value / max * (Height - Bottom - Top));
            svg.Append(Invariant($"<circle class=\"dot\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\"><title>{WebUtility.HtmlEncode(Label(time, value, unit))}</title></circle>"));
        }

        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 8}\">{from.UtcDateTime:yyyy-MM-dd HH:mm} UTC</text>"));
        svg.Append(Invariant($"<text x=\"{Width - 10}\" y=\"{Height - 8}\" text-anchor=\"end\">{to.UtcDateTime:yyyy-MM-dd HH:mm} UTC</text>"));
        return End(svg);
    }

    /// <summary>A bar per item, tallest first as given.</summary>
    public static IHtmlContent Bars(IReadOnlyList<(string Label, double Value)> bars, string title, string unit)
    {
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 1e-9);
        var svg = Begin(title, max, unit);
        var slot = (Width - Left - 10) / (double)Math.Max(bars.Count, 1);
        for (var i = 0; i < bars.Count; i++)
        {
            var h = bars[i].Value / max * (Height - Bottom - Top);
            var x = Left + (i * slot) + (slot * 0.15);
            svg.Append(Invariant($"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Height - Bottom - h:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{h:0.#}\">"));
            svg.Append(Invariant($"<title>{WebUtility.HtmlEncode($"#{i + 1}: {bars[i].Label} — {bars[i].Value:0.###} {unit}")}</title></rect>"));
            svg.Append(Invariant($"<text x=\"{x + (slot * 0.35):0.#}\" y=\"{Height - 12}\" text-anchor=\"middle\">#{i + 1}</text>"));
        }

        return End(svg);
    }

    private static StringBuilder Begin(string title, double max, string unit)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">"));
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\"/>"));
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 10}\" y2=\"{Height - Bottom}\"/>"));
        svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Top + 10}\" text-anchor=\"end\">{max:0.###}</text>"));
        svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0 {WebUtility.HtmlEncode(unit)}</text>"));
        return svg;
    }

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Label(DateTimeOffset time, double value, string unit) => Invariant($"{time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {value:0.###} {unit}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
