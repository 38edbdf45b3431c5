using System.Globalization;
using System.Text;

namespace AlignLab.Metrics;

/// <summary>
/// Dependency-free SVG charts for evaluation reports: horizontal bars with confidence whiskers (one or several series)
/// and histograms (one or several overlaid series, linear or log scale). Every chart has a visible title, axis labels,
/// and a text alternative (<c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> listing the numbers). All text is escaped, so
/// labels taken from data (categories, transforms, strategy names) are safe. Output is culture-invariant XML.
/// </summary>
public static class EvalCharts
{
    private const int Width = 560;
    private const int RightPad = 56;
    private const double CharWidth = 6.2;
    private const int MaxLabelChars = 30;

    /// <summary>Series colours, in order (colour-blind-safe Okabe–Ito hues, darkened for contrast on white).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#6b6b6b"];

    /// <summary>One series of horizontal bars with CI whiskers (e.g. attack success rate per transform).</summary>
    /// <param name="bars">Bars in display order.</param>
    /// <param name="labels">Title and axis labels (x is the value axis, y the category axis).</param>
    /// <param name="percent">Values are proportions in [0, 1], shown as percentages; otherwise the axis runs from 0 to the largest value.</param>
    /// <param name="color">Bar colour.</param>
    public static string BarsWithCi(IReadOnlyList<(string Label, BarValue Value)> bars, ChartLabels labels, bool percent = true, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var series = new BarSeries(string.Empty, bars.GroupBy(b => b.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
        return Bars([.. bars.Select(b => b.Label).Distinct(StringComparer.Ordinal)], [series], labels, percent, legend: false, color);
    }

    /// <summary>Grouped horizontal bars: for each group (row), one bar per series, each with an optional CI whisker.</summary>
    /// <param name="groups">Group names in display order (e.g. categories).</param>
    /// <param name="series">The series (e.g. strategies), coloured from <see cref="Palette"/> in order.</param>
    /// <param name="labels">Title and axis labels (x is the value axis, y the group axis).</param>
    /// <param name="percent">Values are proportions in [0, 1], shown as percentages.</param>
    public static string GroupedBars(IReadOnlyList<string> groups, IReadOnlyList<BarSeries> series, ChartLabels labels, bool percent = true)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        return Bars(groups, series, labels, percent, legend: series.Count > 1, null);
    }

    /// <summary>A histogram of one or more series, drawn as overlaid outlined steps; heights are each series' share of its values.</summary>
    /// <param name="series">The series (coloured from <see cref="Palette"/> in order).</param>
    /// <param name="labels">Title and axis labels.</param>
    /// <param name="logScale">Bin on a log10 scale (for latencies spanning microseconds to seconds); values ≤ 0 are clamped to the smallest positive value.</param>
    /// <param name="bins">Number of bins.</param>
    /// <param name="formatValue">Formats an x-axis value (default: invariant general format).</param>
    public static string Histogram(IReadOnlyList<HistogramSeries> series, ChartLabels labels, bool logScale = false, int bins = 24, Func<double, string>? formatValue = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        formatValue ??= v => v.ToString("0.###", CultureInfo.InvariantCulture);
        const int plotH = 200, left = 56;
        var legend = series.Count > 1;
        var top = legend ? 36 + (14 * LegendRows(series.Select(s => s.Name).ToList(), left)) : 30;
        var height = top + plotH + 46;
        var right = Width - 20;
        var sb = Begin(Width, height, labels, HistogramDescription(series, formatValue));
        if (legend)
        {
            Legend(sb, series.Select(s => s.Name).ToList(), left, 32);
        }

        var finite = series.Select(s => s.Values.Where(double.IsFinite).ToArray()).ToArray();
        var minPositive = finite.SelectMany(v => v).Where(v => v > 0).DefaultIfEmpty(1).Min();
        double T(double v) => logScale ? Math.Log10(Math.Max(v, minPositive)) : v;
        var all = finite.SelectMany(v => v).Select(T).ToArray();
        if (all.Length == 0)
        {
            sb.Append(SvgText.Inv($"<text x=\"{Width / 2}\" y=\"{top + (plotH / 2)}\" text-anchor=\"middle\" fill=\"#666\">no data</text>"));
            return End(sb);
        }

        double lo = all.Min(), hi = all.Max();
        if (logScale)
        {
            lo = Math.Floor(lo * 2) / 2;
            hi = Math.Ceiling(hi * 2) / 2;
        }

        if (hi - lo < 1e-12)
        {
            lo -= 0.5;
            hi += 0.5;
        }

        var width = (hi - lo) / bins;
        var shares = finite.Select(values =>
        {
            var counts = new double[bins];
            foreach (var v in values)
            {
                counts[Math.Clamp((int)((T(v) - lo) / width), 0, bins - 1)]++;
            }

            return counts.Select(c => values.Length == 0 ? 0 : c / values.Length).ToArray();
        }).ToArray();
        var yMax = NiceCeiling(shares.SelectMany(s => s).DefaultIfEmpty(0).Max());
        double X(double t) => left + ((t - lo) / (hi - lo) * (right - left));
        double Y(double share) => top + plotH - (share / yMax * plotH);

        // Grid and y ticks (share of the series' values).
        for (var k = 0; k <= 4; k++)
        {
            var v = yMax * k / 4;
            sb.Append(SvgText.Inv($"<line x1=\"{left}\" y1=\"{Y(v):F1}\" x2=\"{right}\" y2=\"{Y(v):F1}\" stroke=\"#e3e3e3\"/>"));
            sb.Append(SvgText.Inv($"<text x=\"{left - 6}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\">{v * 100:0.#}%</text>"));
        }

        // X ticks: decades on a log scale, five even ticks otherwise.
        var ticks = new List<double>();
        if (logScale)
        {
            for (var d = Math.Ceiling(lo); d <= hi + 1e-9; d++)
            {
                ticks.Add(d);
            }
        }

        if (ticks.Count < 2)
        {
            ticks = [.. Enumerable.Range(0, 5).Select(k => lo + ((hi - lo) * k / 4))];
        }

        foreach (var t in ticks)
        {
            sb.Append(SvgText.Inv($"<line x1=\"{X(t):F1}\" y1=\"{top + plotH}\" x2=\"{X(t):F1}\" y2=\"{top + plotH + 4}\" stroke=\"#333\"/>"));
            sb.Append(SvgText.Inv($"<text x=\"{X(t):F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{SvgText.Encode(formatValue(logScale ? Math.Pow(10, t) : t))}</text>"));
        }

        for (var s = 0; s < series.Count; s++)
        {
            if (finite[s].Length == 0)
            {
                continue;
            }

            var color = Palette[s % Palette.Count];
            var pts = new StringBuilder();
            pts.Append(SvgText.Inv($"{X(lo):F1},{Y(0):F1}"));
            for (var b = 0; b < bins; b++)
            {
                var y = Y(shares[s][b]);
                pts.Append(SvgText.Inv($" {X(lo + (b * width)):F1},{y:F1} {X(lo + ((b + 1) * width)):F1},{y:F1}"));
            }

            pts.Append(SvgText.Inv($" {X(hi):F1},{Y(0):F1}"));
            sb.Append(SvgText.Inv($"<polygon points=\"{pts}\" fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"{color}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"><title>{SvgText.Encode(series[s].Name)}: {finite[s].Length} values</title></polygon>"));
            var median = Quantile(finite[s], 0.5);
            sb.Append(SvgText.Inv($"<line x1=\"{X(T(median)):F1}\" y1=\"{top}\" x2=\"{X(T(median)):F1}\" y2=\"{top + plotH}\" stroke=\"{color}\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"><title>{SvgText.Encode(series[s].Name)} median {SvgText.Encode(formatValue(median))}</title></line>"));
        }

        sb.Append(SvgText.Inv($"<rect x=\"{left}\" y=\"{top}\" width=\"{right - left}\" height=\"{plotH}\" fill=\"none\" stroke=\"#333\"/>"));
        AxisLabels(sb, labels, (left + right) / 2.0, top + plotH + 36, top + (plotH / 2.0));
        return End(sb);
    }

    /// <summary>
    /// A scatter of labelled points with 95% whiskers on both axes, both axes proportions shown as percentages (e.g.
    /// capability across, safety up: one point per strategy, the best in the top-right corner). The axes span the
    /// points and their intervals with a margin, within 0–100%.
    /// </summary>
    public static string Scatter(IReadOnlyList<ScatterPoint> points, ChartLabels labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        const int height = 340, left = 62, top = 30, bottom = 46;
        var right = Width - 24;
        var plotH = height - top - bottom;
        var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var sb = Begin(Width, height, labels, finite.Count == 0 ? "No data." : string.Join("; ", finite.Select(p =>
            SvgText.Inv($"{p.Label}: {labels.XLabel} {p.X * 100:0.0}%{Range(p.XLow, p.XHigh)}, {labels.YLabel} {p.Y * 100:0.0}%{Range(p.YLow, p.YHigh)}"))) + ".");
        if (finite.Count == 0)
        {
            sb.Append(SvgText.Inv($"<text x=\"{Width / 2}\" y=\"{top + (plotH / 2)}\" text-anchor=\"middle\" fill=\"#666\">no data</text>"));
            return End(sb);
        }

        static (double Lo, double Hi) Axis(IEnumerable<double> values)
        {
            var v = values.Where(double.IsFinite).ToList();
            var lo = Math.Max(0, Math.Floor((v.Min() - 0.05) * 10) / 10);
            var hi = Math.Min(1, Math.Ceiling((v.Max() + 0.05) * 10) / 10);
            return hi - lo < 0.2 ? (Math.Max(0, hi - 0.2), Math.Max(0.2, hi)) : (lo, hi);
        }

        var (xLo, xHi) = Axis(finite.SelectMany(p => new[] { p.X, p.XLow ?? p.X, p.XHigh ?? p.X }));
        var (yLo, yHi) = Axis(finite.SelectMany(p => new[] { p.Y, p.YLow ?? p.Y, p.YHigh ?? p.Y }));
        double X(double v) => left + ((v - xLo) / (xHi - xLo) * (right - left));
        double Y(double v) => top + plotH - ((v - yLo) / (yHi - yLo) * plotH);
        for (var k = 0; k <= 4; k++)
        {
            var xv = xLo + ((xHi - xLo) * k / 4);
            var yv = yLo + ((yHi - yLo) * k / 4);
            sb.Append(SvgText.Inv($"<line x1=\"{X(xv):F1}\" y1=\"{top}\" x2=\"{X(xv):F1}\" y2=\"{top + plotH}\" stroke=\"#e3e3e3\"/>"));
            sb.Append(SvgText.Inv($"<text x=\"{X(xv):F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{xv * 100:0.#}%</text>"));
            sb.Append(SvgText.Inv($"<line x1=\"{left}\" y1=\"{Y(yv):F1}\" x2=\"{right}\" y2=\"{Y(yv):F1}\" stroke=\"#e3e3e3\"/>"));
            sb.Append(SvgText.Inv($"<text x=\"{left - 6}\" y=\"{Y(yv) + 4:F1}\" text-anchor=\"end\">{yv * 100:0.#}%</text>"));
        }

        sb.Append(SvgText.Inv($"<rect x=\"{left}\" y=\"{top}\" width=\"{right - left}\" height=\"{plotH}\" fill=\"none\" stroke=\"#333\"/>"));
        AxisLabels(sb, labels, (left + right) / 2.0, height - 10, top + (plotH / 2.0));
        var placed = new List<(double X0, double X1, double Y)>();
        for (var i = 0; i < finite.Count; i++)
        {
            var p = finite[i];
            var color = Palette[i % Palette.Count];
            double cx = X(p.X), cy = Y(p.Y);
            var tip = SvgText.Encode(SvgText.Inv($"{p.Label}: {labels.XLabel} {p.X * 100:0.0}%{Range(p.XLow, p.XHigh)}, {labels.YLabel} {p.Y * 100:0.0}%{Range(p.YLow, p.YHigh)}"));
            if (p.XLow is { } xl && p.XHigh is { } xh)
            {
                sb.Append(SvgText.Inv($"<path d=\"M{X(xl):F1} {cy:F1}H{X(xh):F1}\" stroke=\"{color}\" stroke-width=\"1.2\" fill=\"none\"/>"));
            }

            if (p.YLow is { } yl && p.YHigh is { } yh)
            {
                sb.Append(SvgText.Inv($"<path d=\"M{cx:F1} {Y(yl):F1}V{Y(yh):F1}\" stroke=\"{color}\" stroke-width=\"1.2\" fill=\"none\"/>"));
            }

            sb.Append(SvgText.Inv($"<circle cx=\"{cx:F1}\" cy=\"{cy:F1}\" r=\"5\" fill=\"{color}\"><title>{tip}</title></circle>"));
            // Labels sit above-right of their point; one that would overlap an earlier label moves down a line at a time.
            var label = SvgText.Truncate(p.Label, MaxLabelChars);
            var anchor = cx > right - 120 ? "end" : "start";
            var lx = anchor == "end" ? cx - 8 : cx + 8;
            var (x0, x1) = anchor == "end" ? (lx - (label.Length * CharWidth), lx) : (lx, lx + (label.Length * CharWidth));
            var ly = cy - 7;
            while (placed.Any(b => x0 < b.X1 && b.X0 < x1 && Math.Abs(b.Y - ly) < 12))
            {
                ly += 12;
            }

            placed.Add((x0, x1, ly));
            sb.Append(SvgText.Inv($"<text x=\"{lx:F1}\" y=\"{ly:F1}\" text-anchor=\"{anchor}\" fill=\"#222\">{SvgText.Encode(label)}</text>"));
        }

        return End(sb);
    }

    private static string Range(double? low, double? high) =>
        low is { } l && high is { } h ? SvgText.Inv($" (95% CI {l * 100:0.0}–{h * 100:0.0}%)") : string.Empty;

    private static string Bars(IReadOnlyList<string> groups, IReadOnlyList<BarSeries> series, ChartLabels labels, bool percent, bool legend, string? color)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var longest = groups.Select(g => Math.Min(g.Length, MaxLabelChars)).DefaultIfEmpty(4).Max();
        var left = (int)Math.Clamp(26 + (longest * CharWidth) + 8, 80, 26 + (MaxLabelChars * CharWidth) + 8);
        var right = Width - RightPad;
        var top = legend ? 36 + (14 * LegendRows(series.Select(s => s.Name).ToList(), left)) : 30;
        var n = Math.Max(1, series.Count);
        var barH = n == 1 ? 18 : n <= 3 ? 13 : 10;
        var groupH = (n * barH) + 12;
        var plotH = Math.Max(groupH, groups.Count * groupH);
        var height = top + plotH + 46;
        var max = percent ? 1.0 : NiceCeiling(series.SelectMany(s => s.Values.Values).Select(v => Math.Max(v.Value, v.High ?? 0)).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var sb = Begin(Width, height, labels, BarDescription(groups, series, percent));
        if (legend)
        {
            Legend(sb, series.Select(s => s.Name).ToList(), left, 32);
        }

        double X(double v) => left + (Math.Clamp(v / max, 0, 1) * (right - left));
        string F(double v) => percent ? SvgText.Inv($"{v * 100:0.0}%") : v.ToString("0.###", CultureInfo.InvariantCulture);

        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            sb.Append(SvgText.Inv($"<line x1=\"{X(v):F1}\" y1=\"{top}\" x2=\"{X(v):F1}\" y2=\"{top + plotH}\" stroke=\"#e3e3e3\"/>"));
            var tick = percent ? SvgText.Inv($"{v * 100:0}%") : v.ToString("0.###", CultureInfo.InvariantCulture);
            sb.Append(SvgText.Inv($"<text x=\"{X(v):F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{tick}</text>"));
        }

        if (groups.Count == 0)
        {
            sb.Append(SvgText.Inv($"<text x=\"{(left + right) / 2}\" y=\"{top + (plotH / 2) + 4}\" text-anchor=\"middle\" fill=\"#666\">no data</text>"));
        }

        for (var g = 0; g < groups.Count; g++)
        {
            var gy = top + (g * groupH) + 6;
            if (g % 2 == 1)
            {
                sb.Append(SvgText.Inv($"<rect x=\"{left}\" y=\"{gy - 6}\" width=\"{right - left}\" height=\"{groupH}\" fill=\"#f6f8fa\"/>"));
            }

            var name = groups[g];
            sb.Append(SvgText.Inv($"<text x=\"{left - 6}\" y=\"{gy + (n * barH / 2.0) + 4:F1}\" text-anchor=\"end\"><title>{SvgText.Encode(name)}</title>{SvgText.Encode(SvgText.Truncate(name, MaxLabelChars))}</text>"));
            for (var s = 0; s < series.Count; s++)
            {
                var y = gy + (s * barH);
                var cy = y + ((barH - 2) / 2.0);
                var fill = color ?? Palette[s % Palette.Count];
                if (!series[s].Values.TryGetValue(name, out var bar) || !double.IsFinite(bar.Value))
                {
                    sb.Append(SvgText.Inv($"<text x=\"{left + 4}\" y=\"{cy + 4:F1}\" fill=\"#777\" font-style=\"italic\">n/a</text>"));
                    continue;
                }

                var tip = TipText(series[s].Name, name, bar, F);
                sb.Append(SvgText.Inv($"<rect x=\"{left}\" y=\"{y}\" width=\"{Math.Max(0.5, X(bar.Value) - left):F1}\" height=\"{barH - 2}\" fill=\"{fill}\"><title>{SvgText.Encode(tip)}</title></rect>"));
                var end = X(bar.Value);
                if (bar.Low is { } low && bar.High is { } high && double.IsFinite(low) && double.IsFinite(high))
                {
                    double x1 = X(low), x2 = X(high), cap = Math.Min(4, (barH - 2) / 2.0);
                    sb.Append(SvgText.Inv($"<path d=\"M{x1:F1} {cy:F1}H{x2:F1}M{x1:F1} {cy - cap:F1}V{cy + cap:F1}M{x2:F1} {cy - cap:F1}V{cy + cap:F1}\" stroke=\"#1a1a1a\" stroke-width=\"1.2\" fill=\"none\"/>"));
                    end = Math.Max(end, x2);
                }

                sb.Append(SvgText.Inv($"<text x=\"{end + 4:F1}\" y=\"{cy + 3.5:F1}\" font-size=\"10\" fill=\"#222\">{F(bar.Value)}</text>"));
            }
        }

        sb.Append(SvgText.Inv($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotH}\" stroke=\"#333\"/>"));
        sb.Append(SvgText.Inv($"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{right}\" y2=\"{top + plotH}\" stroke=\"#333\"/>"));
        AxisLabels(sb, labels, (left + right) / 2.0, top + plotH + 36, top + (plotH / 2.0));
        return End(sb);
    }

    private static string TipText(string seriesName, string group, BarValue bar, Func<double, string> f)
    {
        var sb = new StringBuilder();
        if (seriesName.Length > 0)
        {
            sb.Append(seriesName).Append(" — ");
        }

        sb.Append(group).Append(": ").Append(f(bar.Value));
        if (bar.Low is { } lo && bar.High is { } hi)
        {
            sb.Append(" (95% CI ").Append(f(lo)).Append('–').Append(f(hi)).Append(')');
        }

        if (bar.Note is { Length: > 0 } note)
        {
            sb.Append(", ").Append(note);
        }

        return sb.ToString();
    }

    private static string BarDescription(IReadOnlyList<string> groups, IReadOnlyList<BarSeries> series, bool percent)
    {
        string F(double v) => percent ? SvgText.Inv($"{v * 100:0.0}%") : v.ToString("0.###", CultureInfo.InvariantCulture);
        var parts = new List<string>();
        foreach (var s in series)
        {
            foreach (var g in groups)
            {
                parts.Add(s.Values.TryGetValue(g, out var bar) && double.IsFinite(bar.Value) ? TipText(s.Name, g, bar, F) : TipText(s.Name, g, new BarValue(double.NaN), _ => "n/a"));
            }
        }

        return parts.Count == 0 ? "No data." : string.Join("; ", parts) + ".";
    }

    private static string HistogramDescription(IReadOnlyList<HistogramSeries> series, Func<double, string> f)
    {
        var parts = series.Select(s =>
        {
            var v = s.Values.Where(double.IsFinite).ToArray();
            return v.Length == 0
                ? $"{s.Name}: no values"
                : SvgText.Inv($"{s.Name}: {v.Length} values, median {f(Quantile(v, 0.5))}, p95 {f(Quantile(v, 0.95))}, range {f(v.Min())}–{f(v.Max())}");
        }).ToList();
        return parts.Count == 0 ? "No data." : string.Join("; ", parts) + ".";
    }

    private static StringBuilder Begin(int width, int height, ChartLabels labels, string dataDescription)
    {
        var id = "c" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(labels.Title + "\n" + dataDescription)))[..10].ToLowerInvariant();
        var desc = labels.Description is { Length: > 0 } lead ? lead + " " + dataDescription : dataDescription;
        var sb = new StringBuilder();
        sb.Append(SvgText.Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}t {id}d\" font-family=\"sans-serif\" font-size=\"11\">"));
        sb.Append(SvgText.Inv($"<title id=\"{id}t\">{SvgText.Encode(labels.Title)}</title><desc id=\"{id}d\">{SvgText.Encode(desc)}</desc>"));
        sb.Append(SvgText.Inv($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>"));
        sb.Append(SvgText.Inv($"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"13\">{SvgText.Encode(labels.Title)}</text>"));
        return sb;
    }

    private static void Legend(StringBuilder sb, IReadOnlyList<string> names, int x0, int y)
    {
        foreach (var (i, x, row) in LegendLayout(names, x0))
        {
            var label = SvgText.Truncate(names[i], 28);
            var ly = y + (row * 14);
            sb.Append(SvgText.Inv($"<rect x=\"{x:F1}\" y=\"{ly - 9}\" width=\"12\" height=\"10\" fill=\"{Palette[i % Palette.Count]}\"/>"));
            sb.Append(SvgText.Inv($"<text x=\"{x + 16:F1}\" y=\"{ly}\">{SvgText.Encode(label)}</text>"));
        }
    }

    private static int LegendRows(IReadOnlyList<string> names, int x0) => names.Count == 0 ? 1 : LegendLayout(names, x0).Max(p => p.Row) + 1;

    private static List<(int Index, double X, int Row)> LegendLayout(IReadOnlyList<string> names, int x0)
    {
        var result = new List<(int, double, int)>(names.Count);
        double x = x0;
        var row = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var w = 18 + (SvgText.Truncate(names[i], 28).Length * CharWidth) + 14;
            if (x + w > Width - 10 && x > x0)
            {
                x = x0;
                row++;
            }

            result.Add((i, x, row));
            x += w;
        }

        return result;
    }

    private static void AxisLabels(StringBuilder sb, ChartLabels labels, double xMid, double xLabelY, double yMid)
    {
        sb.Append(SvgText.Inv($"<text x=\"{xMid:F1}\" y=\"{xLabelY:F1}\" text-anchor=\"middle\">{SvgText.Encode(labels.XLabel)}</text>"));
        sb.Append(SvgText.Inv($"<text transform=\"translate(13 {yMid:F1}) rotate(-90)\" text-anchor=\"middle\">{SvgText.Encode(labels.YLabel)}</text>"));
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static double NiceCeiling(double v)
    {
        if (!(v > 0))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var step in new[] { 1, 1.25, 2, 2.5, 4, 5, 10 })
        {
            if (step * magnitude >= v * 1.0000001)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        var pos = q * (sorted.Length - 1);
        var i = (int)Math.Floor(pos);
        return i + 1 < sorted.Length ? sorted[i] + ((pos - i) * (sorted[i + 1] - sorted[i])) : sorted[i];
    }
}
