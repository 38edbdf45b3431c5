using System.Globalization;
using System.Net;
using System.Text;

namespace AlignLab.Metrics;

/// <summary>Small, dependency-free SVG charts for reports.</summary>
public static class SvgCharts
{
    private const int Size = 320;
    private const int Pad = 40;

    /// <summary>A reliability diagram: observed positive rate per predicted-probability bin, against the diagonal.</summary>
    public static string Reliability(IReadOnlyList<ReliabilityBin> bins, string title)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var sb = Begin(title);
        Axes(sb, "mean predicted probability", "observed unsafe rate");
        sb.Append(Inv($"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"));
        var total = Math.Max(1, bins.Sum(b => b.Count));
        foreach (var b in bins.Where(b => b.Count > 0))
        {
            var w = (X(b.High) - X(b.Low)) * 0.8;
            var x = X(b.Low) + ((X(b.High) - X(b.Low)) * 0.1);
            var h = Y(0) - Y(b.ObservedRate);
            sb.Append(Inv($"<rect x=\"{x:F1}\" y=\"{Y(b.ObservedRate):F1}\" width=\"{w:F1}\" height=\"{h:F1}\" fill=\"#4a7fc1\" opacity=\"{0.35 + (0.65 * b.Count / total):F2}\"><title>{b.Low:F1}–{b.High:F1}: {b.Count} texts, predicted {b.MeanPredicted:F3}, observed {b.ObservedRate:F3}</title></rect>"));
            sb.Append(Inv($"<circle cx=\"{X(b.MeanPredicted):F1}\" cy=\"{Y(b.ObservedRate):F1}\" r=\"3\" fill=\"#c0392b\"/>"));
        }

        return End(sb);
    }

    /// <summary>An ROC curve with its area.</summary>
    public static string Roc(IReadOnlyList<(double Fpr, double Tpr)> curve, double auc, string title)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var sb = Begin($"{title} (AUC {auc:F3})");
        Axes(sb, "false-positive rate", "true-positive rate");
        sb.Append(Inv($"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"));
        var points = string.Join(' ', curve.Select(p => Inv($"{X(p.Fpr):F1},{Y(p.Tpr):F1}")));
        sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"{points}\"/>");
        return End(sb);
    }

    /// <summary>
    /// An ROC curve with its area and a text alternative: the same drawing as <see cref="Roc(IReadOnlyList{ValueTuple{double, double}}, double, string)"/>
    /// plus <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> elements (for screen readers and text-only views). Title and description are escaped.
    /// </summary>
    public static string Roc(IReadOnlyList<(double Fpr, double Tpr)> curve, double auc, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(description);
        var full = $"{title} (AUC {auc.ToString("F3", CultureInfo.InvariantCulture)})";
        var sb = Begin(full, description);
        Axes(sb, "false-positive rate", "true-positive rate");
        sb.Append(Inv($"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"));
        var points = string.Join(' ', curve.Select(p => Inv($"{X(p.Fpr):F1},{Y(p.Tpr):F1}")));
        sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"{points}\"/>");
        return End(sb);
    }

    private static StringBuilder Begin(string title, string? description = null)
    {
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Size} {Size + 20}\" width=\"{Size}\" height=\"{Size + 20}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" font-family=\"sans-serif\" font-size=\"11\">"));
        if (description is not null)
        {
            sb.Append(Inv($"<title>{SvgText.Encode(title)}</title><desc>{SvgText.Encode(description)}</desc><rect width=\"{Size}\" height=\"{Size + 20}\" fill=\"#fff\"/>"));
        }

        sb.Append(Inv($"<text x=\"{Size / 2}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>"));
        return sb;
    }

    private static void Axes(StringBuilder sb, string xLabel, string yLabel)
    {
        sb.Append(Inv($"<rect x=\"{X(0)}\" y=\"{Y(1)}\" width=\"{X(1) - X(0)}\" height=\"{Y(0) - Y(1)}\" fill=\"none\" stroke=\"#333\"/>"));
        for (var t = 0; t <= 4; t++)
        {
            var v = t / 4.0;
            sb.Append(Inv($"<text x=\"{X(v)}\" y=\"{Y(0) + 14}\" text-anchor=\"middle\">{v:0.##}</text>"));
            sb.Append(Inv($"<text x=\"{X(0) - 6}\" y=\"{Y(v) + 4}\" text-anchor=\"end\">{v:0.##}</text>"));
        }

        sb.Append(Inv($"<text x=\"{(X(0) + X(1)) / 2}\" y=\"{Y(0) + 30}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>"));
        sb.Append(Inv($"<text transform=\"translate(10 {(Y(0) + Y(1)) / 2}) rotate(-90)\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>"));
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static double X(double v) => Pad + (v * (Size - Pad - 10));

    private static double Y(double v) => 20 + ((1 - v) * (Size - Pad - 10));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
